import { Button, Group, Menu, Text, VisuallyHidden } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconCheck, IconPlus, IconSelector } from '@tabler/icons-react'
import { useLocation, useNavigate } from 'react-router'
import type { Workspace } from '../api/types.js'
import { useWorkspaces } from '../api/workspaces.js'
import { RoleBadge } from '../components/role-badge.js'
import { NewWorkspaceModal } from '../features/workspaces/new-workspace-modal.js'
import { workspaceHref } from './workspace-context.js'

/** Switching keeps the user on the same screen, in the other workspace. */
function sameScreenIn(pathname: string, from: string | undefined, to: string): string {
  const prefix = from ? workspaceHref(from) : null
  if (prefix && pathname.startsWith(`${prefix}/`)) {
    return workspaceHref(to) + pathname.slice(prefix.length)
  }
  return workspaceHref(to)
}

export function WorkspaceSwitcher({ current }: { current: Workspace | undefined }) {
  const workspaces = useWorkspaces()
  const [creating, createModal] = useDisclosure(false)
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const name = current?.name ?? 'Workspace'

  return (
    <>
      <Menu position="bottom-start" width={280} shadow="md" withinPortal>
        <Menu.Target>
          <Button
            variant="subtle"
            color="gray"
            rightSection={<IconSelector size={16} aria-hidden />}
            aria-label={`Switch workspace (current: ${name})`}
            miw={0}
            px="xs"
            styles={{ label: { overflow: 'hidden' } }}
          >
            <Text fw={600} truncate="end" maw={{ base: 150, xs: 260 }} size="sm">
              {name}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Your workspaces</Menu.Label>
          {workspaces.isPending && <Menu.Item disabled>Loading…</Menu.Item>}
          {workspaces.isError && <Menu.Item disabled>Could not load your workspaces</Menu.Item>}
          {workspaces.data?.map((workspace) => (
            <Menu.Item
              key={workspace.id}
              onClick={() => navigate(sameScreenIn(pathname, current?.id, workspace.id))}
              leftSection={
                workspace.id === current?.id ? (
                  <IconCheck size={16} aria-hidden />
                ) : (
                  <span style={{ width: 16, display: 'inline-block' }} />
                )
              }
              rightSection={<RoleBadge role={workspace.role} />}
            >
              <Group gap={0} wrap="nowrap" miw={0}>
                <Text size="sm" truncate="end">
                  {workspace.name}
                  {workspace.id === current?.id && <VisuallyHidden> (current)</VisuallyHidden>}
                </Text>
              </Group>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={16} aria-hidden />} onClick={createModal.open}>
            New workspace
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <NewWorkspaceModal opened={creating} onClose={createModal.close} />
    </>
  )
}
