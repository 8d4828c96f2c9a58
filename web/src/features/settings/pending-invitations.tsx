import { ActionIcon, Card, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core'
import { IconX } from '@tabler/icons-react'
import { useState } from 'react'
import { useInvitations, useRevokeInvitation } from '../../api/invitations.js'
import { useMembers } from '../../api/members.js'
import type { Invitation, Member } from '../../api/types.js'
import { ConfirmModal } from '../../components/confirm-modal.js'
import { RoleBadge } from '../../components/role-badge.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { formatDate } from '../../lib/format.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'

/** `invited_by` is a user id; show the member's name while they are still a member. */
function invitedByLabel(
  invitedBy: Invitation['invited_by'],
  members: Member[] | undefined,
): string {
  if (!invitedBy) return '—'
  if (typeof invitedBy !== 'string') return invitedBy.name ?? invitedBy.email ?? '—'
  const member = members?.find((candidate) => candidate.user_id === invitedBy)
  return member ? member.name : 'A former member'
}

const describe = (invitation: Invitation) => invitation.email ?? 'anyone with the link'

export function PendingInvitations({ workspaceId }: { workspaceId: string }) {
  const invitations = useInvitations(workspaceId)
  const members = useMembers(workspaceId)
  const revoke = useRevokeInvitation(workspaceId)
  const [revoking, setRevoking] = useState<Invitation | null>(null)

  function confirmRevoke() {
    if (!revoking) return
    const invitation = revoking
    revoke.mutate(invitation.id, {
      onSuccess: () => {
        notifySuccess(`The invitation for ${describe(invitation)} no longer works.`)
        setRevoking(null)
      },
      onError: (error) => {
        notifyError(error, 'Could not revoke the invitation')
        setRevoking(null)
      },
    })
  }

  return (
    <Stack gap="sm" component="section" aria-labelledby="invitations-title">
      <Stack gap={2}>
        <Title order={2} size="h4" id="invitations-title">
          Pending invitations
        </Title>
        <Text size="sm" c="dimmed">
          Links that have been created but not used yet.
        </Text>
      </Stack>
      {invitations.isPending ? (
        <SectionLoader label="Loading invitations" />
      ) : invitations.isError ? (
        <ErrorState error={invitations.error} onRetry={() => invitations.refetch()} />
      ) : invitations.data.length === 0 ? (
        <Card withBorder radius="md" padding="md">
          <Text size="sm" c="dimmed">
            No pending invitations. Use “Invite” to create a link for a teammate.
          </Text>
        </Card>
      ) : (
        <Card withBorder radius="md" padding={0}>
          <Table.ScrollContainer minWidth={420} type="native">
            <Table verticalSpacing="sm" horizontalSpacing="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>For</Table.Th>
                  <Table.Th w={110}>Role</Table.Th>
                  <Table.Th visibleFrom="sm">Invited by</Table.Th>
                  <Table.Th w={130}>Expires</Table.Th>
                  <Table.Th w={60}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invitations.data.map((invitation) => (
                  <Table.Tr key={invitation.id}>
                    <Table.Td>
                      <Text size="sm" c={invitation.email ? undefined : 'dimmed'}>
                        {invitation.email ?? 'Anyone with the link'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <RoleBadge role={invitation.role} />
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <Text size="sm">{invitedByLabel(invitation.invited_by, members.data)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDate(invitation.expires_at)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label="Revoke invitation">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Revoke invitation for ${describe(invitation)}`}
                          onClick={() => setRevoking(invitation)}
                        >
                          <IconX size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke invitation?"
        confirmLabel="Revoke"
        onConfirm={confirmRevoke}
        onClose={() => setRevoking(null)}
        loading={revoke.isPending}
      >
        The link for {revoking ? describe(revoking) : ''} will stop working. Anyone who already
        joined keeps their access.
      </ConfirmModal>
    </Stack>
  )
}
