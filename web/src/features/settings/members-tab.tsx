import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconTrash, IconUserPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { useChangeMemberRole, useMembers, useRemoveMember } from '../../api/members.js'
import { useSignedInSession } from '../../api/session.js'
import type { Member, Role } from '../../api/types.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { ConfirmModal } from '../../components/confirm-modal.js'
import { RoleBadge } from '../../components/role-badge.js'
import { RoleSelect } from '../../components/role-select.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { formatDate } from '../../lib/format.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { assignableRoles, ROLE_LABEL } from '../../lib/roles.js'
import { InviteModal } from './invite-modal.js'
import { PendingInvitations } from './pending-invitations.js'

export function MembersTab() {
  const workspace = useCurrentWorkspace()
  const canManage = useCan('members.manage')
  const canInvite = useCan('invitations.manage')
  const [inviting, inviteModal] = useDisclosure(false)

  return (
    <Stack gap="xl">
      <Stack gap="sm" component="section" aria-labelledby="members-title">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Title order={2} size="h4" id="members-title">
              Members
            </Title>
            <Text size="sm" c="dimmed">
              {canManage
                ? 'People who can use this workspace, and what they may do.'
                : 'People who can use this workspace. Owners and admins manage them.'}
            </Text>
          </Stack>
          {canInvite && (
            <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={inviteModal.open}>
              Invite
            </Button>
          )}
        </Group>
        <MembersTable
          workspaceId={workspace.id}
          workspaceName={workspace.name}
          actorRole={workspace.role}
          canManage={canManage}
        />
      </Stack>
      {canInvite && <PendingInvitations workspaceId={workspace.id} />}
      <InviteModal opened={inviting} onClose={inviteModal.close} />
    </Stack>
  )
}

interface MembersTableProps {
  workspaceId: string
  workspaceName: string
  actorRole: Role
  canManage: boolean
}

function MembersTable({ workspaceId, workspaceName, actorRole, canManage }: MembersTableProps) {
  const session = useSignedInSession()
  const members = useMembers(workspaceId)
  const changeRole = useChangeMemberRole(workspaceId)
  const removeMember = useRemoveMember(workspaceId)
  const [removing, setRemoving] = useState<Member | null>(null)

  if (members.isPending) return <SectionLoader label="Loading members" />
  if (members.isError) return <ErrorState error={members.error} onRetry={() => members.refetch()} />

  // Only owners may make or unmake owners; the server has the last word (last owner: 409).
  const mayEdit = (member: Member) =>
    canManage && (actorRole === 'owner' || member.role !== 'owner')

  function change(member: Member, role: Role) {
    if (role === member.role) return
    changeRole.mutate(
      { userId: member.user_id, role },
      {
        onSuccess: () => notifySuccess(`${member.name} is now ${ROLE_LABEL[role].toLowerCase()}.`),
        onError: (error) => notifyError(error, 'Could not change the role'),
      },
    )
  }

  function remove() {
    if (!removing) return
    const member = removing
    removeMember.mutate(member.user_id, {
      onSuccess: () => {
        notifySuccess(`${member.name} no longer has access to ${workspaceName}.`)
        setRemoving(null)
      },
      onError: (error) => {
        notifyError(error, 'Could not remove the member')
        setRemoving(null)
      },
    })
  }

  return (
    <Card withBorder radius="md" padding={0}>
      <Table.ScrollContainer minWidth={340} type="native">
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Member</Table.Th>
              <Table.Th w={{ base: 120, sm: 160 }}>Role</Table.Th>
              <Table.Th w={130} visibleFrom="sm">
                Joined
              </Table.Th>
              {canManage && (
                <Table.Th w={60}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.map((member) => {
              const isMe = member.user_id === session.user.id
              const editable = mayEdit(member)
              return (
                <Table.Tr key={member.user_id}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500} truncate="end">
                        {member.name}
                      </Text>
                      {isMe && (
                        <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0 }}>
                          You
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" truncate="end">
                      {member.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {editable ? (
                      <RoleSelect
                        size="xs"
                        aria-label={`Role of ${member.name}`}
                        value={member.role}
                        allowed={assignableRoles(actorRole)}
                        onChange={(role) => change(member, role)}
                        disabled={
                          changeRole.isPending && changeRole.variables?.userId === member.user_id
                        }
                      />
                    ) : (
                      <RoleBadge role={member.role} />
                    )}
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm">{formatDate(member.created_at)}</Text>
                  </Table.Td>
                  {canManage && (
                    <Table.Td>
                      {editable && !isMe && (
                        <Tooltip label="Remove from workspace">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${member.name}`}
                            onClick={() => setRemoving(member)}
                          >
                            <IconTrash size={16} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={removing !== null}
        title="Remove member?"
        confirmLabel="Remove"
        onConfirm={remove}
        onClose={() => setRemoving(null)}
        loading={removeMember.isPending}
      >
        {removing?.name} ({removing?.email}) will lose access to {workspaceName} at once. You can
        invite them again later.
      </ConfirmModal>
    </Card>
  )
}
