import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { type FormEvent, useState } from 'react'
import { useCreateApiKey } from '../../api/api-keys.js'
import type { CreatedApiKey, Role } from '../../api/types.js'
import { useCurrentWorkspace } from '../../app/workspace-context.js'
import { CopyField } from '../../components/copy-field.js'
import { RoleSelect } from '../../components/role-select.js'
import { fieldError, notifyError, notifySuccess } from '../../lib/notify.js'
import { assignableRoles } from '../../lib/roles.js'

interface CreateApiKeyModalProps {
  opened: boolean
  onClose: () => void
}

export function CreateApiKeyModal({ opened, onClose }: CreateApiKeyModalProps) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null)
  const close = () => {
    onClose()
    setCreated(null)
  }
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Copy your new API key' : 'Create an API key'}
      centered
      size="lg"
      // The key is shown once: do not lose it to a stray click outside the dialog.
      closeOnClickOutside={!created}
    >
      {opened &&
        (created ? (
          <Stack>
            <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Shown only once">
              Copy this key now and keep it somewhere safe. Murmur stores only a fingerprint of it
              and cannot show it again. If you lose it, revoke it and create a new one.
            </Alert>
            <CopyField label="API key" value={created.key} />
            <Group justify="flex-end">
              <Button onClick={close}>I have copied it</Button>
            </Group>
          </Stack>
        ) : (
          <CreateApiKeyForm onCreated={setCreated} onCancel={close} />
        ))}
    </Modal>
  )
}

function CreateApiKeyForm({
  onCreated,
  onCancel,
}: {
  onCreated: (key: CreatedApiKey) => void
  onCancel: () => void
}) {
  const workspace = useCurrentWorkspace()
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('editor')
  const [nameProblem, setNameProblem] = useState<string | undefined>()
  const create = useCreateApiKey(workspace.id)

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!name.trim()) {
      setNameProblem('Name the key after what will use it')
      return
    }
    create.mutate(
      { name: name.trim(), role },
      {
        onSuccess: (key) => {
          notifySuccess(`API key “${key.name}” created.`)
          onCreated(key)
        },
        onError: (error) => notifyError(error, 'Could not create the key'),
      },
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Name"
          description="What will use this key, so you recognise it later."
          placeholder="Website contact form"
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value)
            setNameProblem(undefined)
          }}
          error={nameProblem ?? fieldError(create.error, 'name')}
          required
          data-autofocus
        />
        <RoleSelect
          label="Role"
          description="The key can do what a member with this role can do."
          value={role}
          onChange={setRole}
          allowed={assignableRoles(workspace.role)}
          withDescriptions
          error={fieldError(create.error, 'role')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
