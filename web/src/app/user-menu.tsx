import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core'
import { IconChevronDown, IconLogout, IconLogout2 } from '@tabler/icons-react'
import { useNavigate } from 'react-router'
import { useSession, useSignOut, useSignOutEverywhere } from '../api/session.js'
import { notifyError, notifySuccess } from '../lib/notify.js'

export function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
  return letters.join('') || '?'
}

export function UserMenu() {
  const { data: session } = useSession()
  const signOut = useSignOut()
  const signOutEverywhere = useSignOutEverywhere()
  const navigate = useNavigate()
  if (!session) return null
  const { user } = session

  function leave(mutation: typeof signOut, message: string) {
    mutation.mutate(undefined, {
      onSuccess: () => {
        notifySuccess(message)
        navigate('/login', { replace: true })
      },
      onError: (error) => notifyError(error, 'Could not sign out'),
    })
  }

  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${user.name}`} style={{ borderRadius: 999 }}>
          <Group gap={8} wrap="nowrap">
            <Avatar radius="xl" size={34} color="initials" name={user.name}>
              {initials(user.name)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" truncate="end" maw={160}>
              {user.name}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate="end">
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => leave(signOut, 'You are signed out.')}
        >
          Sign out
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout2 size={16} aria-hidden />}
          onClick={() => leave(signOutEverywhere, 'You are signed out on every device.')}
        >
          Sign out everywhere
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}
