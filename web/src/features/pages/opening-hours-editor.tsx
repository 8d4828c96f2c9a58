import { ActionIcon, Button, Chip, Group, Paper, Stack, Text, TextInput } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { type OpeningHours, WEEKDAYS, type Weekday } from '../../api/page-types.js'

const DAY_LABEL: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
}

interface OpeningHoursEditorProps {
  value: OpeningHours[]
  onChange: (value: OpeningHours[]) => void
  errors: Record<string, string>
}

/** Ranges of days and times; several ranges a day when the business closes at lunch. */
export function OpeningHoursEditor({ value, onChange, errors }: OpeningHoursEditorProps) {
  const update = (index: number, patch: Partial<OpeningHours>) =>
    onChange(value.map((range, i) => (i === index ? { ...range, ...patch } : range)))

  return (
    <Stack gap="xs">
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          No opening hours yet: the page leaves them out.
        </Text>
      )}
      {value.map((range, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: ranges have no identity of their own
        <Paper key={index} withBorder p="xs" radius="md">
          <Stack gap={6}>
            <Chip.Group
              multiple
              value={range.days}
              onChange={(days) => update(index, { days: days as Weekday[] })}
            >
              <Group gap={4} role="group" aria-label={`Days of range ${index + 1}`}>
                {WEEKDAYS.map((day) => (
                  <Chip key={day} value={day} size="xs">
                    {DAY_LABEL[day]}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            {errors[`opening_hours.${index}.days`] && (
              <Text size="xs" c="red">
                {errors[`opening_hours.${index}.days`]}
              </Text>
            )}
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label="Opens"
                type="time"
                value={range.opens}
                onChange={(event) => update(index, { opens: event.currentTarget.value })}
                error={errors[`opening_hours.${index}.opens`]}
                style={{ flex: 1 }}
              />
              <TextInput
                label="Closes"
                type="time"
                value={range.closes}
                onChange={(event) => update(index, { closes: event.currentTarget.value })}
                error={errors[`opening_hours.${index}.closes`]}
                style={{ flex: 1 }}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                mb={2}
                aria-label={`Remove range ${index + 1}`}
                onClick={() => onChange(value.filter((_, i) => i !== index))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          </Stack>
        </Paper>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            onChange([
              ...value,
              { days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '09:00', closes: '18:00' },
            ])
          }
        >
          Add opening hours
        </Button>
      </Group>
    </Stack>
  )
}
