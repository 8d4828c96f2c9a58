import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { IconCircleCheck } from '@tabler/icons-react'
import { type FormEvent, useState } from 'react'
import { useCreateInvitation } from '../../api/invitations.js'
import type { CreatedInvitation, Role } from '../../api/types.js'
import { useCurrentWorkspace } from '../../app/workspace-context.js'
import { CopyField } from '../../components/copy-field.js'
import { RoleSelect } from '../../components/role-select.js'
import { formatDateTime } from '../../lib/format.js'
import { fieldError, notifyError, notifySuccess } from '../../lib/notify.js'
import { assignableRoles, ROLE_LABEL } from '../../lib/roles.js'
import { emailProblem } from '../../lib/validate.js'

interface InviteModalProps {
  opened: boolean
  onClose: () => void
}

export function InviteModal({ opened, onClose }: InviteModalProps) {
  const [created, setCreated] = useState<CreatedInvitation | null>(null)
  const close = () => {
    onClose()
    setCreated(null)
  }
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Share this invitation link' : 'Invite a teammate'}
      centered
      size="lg"
    >
      {opened &&
        (created ? (
          <InvitationLink invitation={created} onDone={close} />
        ) : (
          <InviteForm onCreated={setCreated} onCancel={close} />
        ))}
    </Modal>
  )
}

function InviteForm({
  onCreated,
  onCancel,
}: {
  onCreated: (invitation: CreatedInvitation) => void
  onCancel: () => void
}) {
  const workspace = useCurrentWorkspace()
  const [role, setRole] = useState<Role>('editor')
  const [email, setEmail] = useState('')
  const [emailError, setEmailError] = useState<string | undefined>()
  const create = useCreateInvitation(workspace.id)

  function submit(event: FormEvent) {
    event.preventDefault()
    const trimmed = email.trim()
    const problem = trimmed ? emailProblem(trimmed) : undefined
    setEmailError(problem)
    if (problem) return
    create.mutate(trimmed ? { role, email: trimmed } : { role }, {
      onSuccess: (invitation) => {
        notifySuccess('Invitation link created. Copy it and send it to your teammate.')
        onCreated(invitation)
      },
      onError: (error) => notifyError(error, 'Could not create the invitation'),
    })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          Murmur creates a link for you to send yourself, by email or chat. Whoever opens it joins{' '}
          {workspace.name} with the role you pick.
        </Text>
        <RoleSelect
          label="Role"
          value={role}
          onChange={setRole}
          allowed={assignableRoles(workspace.role)}
          withDescriptions
          error={fieldError(create.error, 'role')}
          required
        />
        <TextInput
          label="Email (optional)"
          description="If set, only this address can use the link."
          type="email"
          placeholder="teammate@example.com"
          value={email}
          onChange={(event) => {
            setEmail(event.currentTarget.value)
            setEmailError(undefined)
          }}
          error={emailError ?? fieldError(create.error, 'email')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create invitation link
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function InvitationLink({
  invitation,
  onDone,
}: {
  invitation: CreatedInvitation
  onDone: () => void
}) {
  return (
    <Stack>
      <Alert color="green" icon={<IconCircleCheck size={18} />} variant="light">
        {invitation.email
          ? `This link lets ${invitation.email} join as ${ROLE_LABEL[invitation.role].toLowerCase()}.`
          : `Anyone who opens this link can join as ${ROLE_LABEL[invitation.role].toLowerCase()}.`}{' '}
        It works once, until {formatDateTime(invitation.expires_at)}.
      </Alert>
      <CopyField label="Invitation link" value={invitation.url} />
      <Text size="sm" c="dimmed">
        Copy it now: for your security Murmur shows it only once. You can revoke it under Pending
        invitations.
      </Text>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  )
}
