import { Select, type SelectProps, Stack, Text } from '@mantine/core'
import type { Role } from '../api/types.js'
import { ROLE_DESCRIPTION, ROLE_LABEL, ROLES } from '../lib/roles.js'

interface RoleSelectProps extends Omit<SelectProps<Role>, 'data' | 'onChange' | 'value'> {
  value: Role
  onChange: (role: Role) => void
  /** Roles that may be chosen; the others are listed but disabled. */
  allowed?: readonly Role[]
  /** Lists what each role may do under its name in the dropdown. */
  withDescriptions?: boolean
}

export function RoleSelect({
  value,
  onChange,
  allowed = ROLES,
  withDescriptions = false,
  ...rest
}: RoleSelectProps) {
  const data = ROLES.map((role) => ({
    value: role,
    label: ROLE_LABEL[role],
    disabled: !allowed.includes(role),
  }))
  return (
    <Select<Role>
      {...rest}
      data={data}
      value={value}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      renderOption={
        withDescriptions
          ? ({ option }) => (
              <Stack gap={0}>
                <Text size="sm">{option.label}</Text>
                <Text size="xs" c="dimmed">
                  {ROLE_DESCRIPTION[option.value]}
                </Text>
              </Stack>
            )
          : undefined
      }
    />
  )
}
