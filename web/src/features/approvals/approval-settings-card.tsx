import { Card, Checkbox, Stack, Text, Title } from '@mantine/core'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { useApprovalSettings, useSaveApprovalSettings } from './approvals-api.js'

const CHOICES = [
  { role: 'editor', label: 'Editors' },
  { role: 'admin', label: 'Admins (then only owners approve)' },
] as const

/** Which roles' scheduled posts wait for approval; admins change it. */
export function ApprovalSettingsCard() {
  const workspace = useCurrentWorkspace()
  const settings = useApprovalSettings(workspace.id)
  const save = useSaveApprovalSettings(workspace.id)
  const canChange = useCan('workspace.update')
  const roles = settings.data?.roles ?? []

  function toggle(role: string, on: boolean) {
    const next = on ? [...roles, role] : roles.filter((r) => r !== role)
    save.mutate(next, {
      onSuccess: () => notifySuccess('Approval settings saved.'),
      onError: (error) => notifyError(error, 'Could not save'),
    })
  }

  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="xs">
        <Title order={2} size="h5">
          Who waits for approval
        </Title>
        <Text size="sm" c="dimmed">
          Posts these roles schedule wait until an approver approves them. Owners never wait.
        </Text>
        {CHOICES.map(({ role, label }) => (
          <Checkbox
            key={role}
            label={label}
            checked={roles.includes(role)}
            disabled={!canChange || settings.isPending || save.isPending}
            onChange={(event) => toggle(role, event.currentTarget.checked)}
          />
        ))}
        {settings.data && (
          <Text size="xs" c="dimmed">
            Approvers: {settings.data.approver_roles.join(' and ')}.
          </Text>
        )}
      </Stack>
    </Card>
  )
}
