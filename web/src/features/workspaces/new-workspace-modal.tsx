import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { type FormEvent, useState } from 'react'
import { useNavigate } from 'react-router'
import { useCreateWorkspace } from '../../api/workspaces.js'
import { TimeZoneSelect } from '../../components/time-zone-select.js'
import { fieldError, notifyError, notifySuccess } from '../../lib/notify.js'
import { browserTimeZone } from '../../lib/time-zones.js'

interface NewWorkspaceModalProps {
  opened: boolean
  onClose: () => void
}

export function NewWorkspaceModal({ opened, onClose }: NewWorkspaceModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="New workspace" centered>
      {/* Mounted only while open, so every opening starts with a clean form. */}
      {opened && <NewWorkspaceForm onDone={onClose} />}
    </Modal>
  )
}

export function NewWorkspaceForm({ onDone }: { onDone?: () => void }) {
  const [name, setName] = useState('')
  const [timeZone, setTimeZone] = useState(browserTimeZone)
  const [nameProblem, setNameProblem] = useState<string | undefined>()
  const create = useCreateWorkspace()
  const navigate = useNavigate()

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!name.trim()) {
      setNameProblem('Give the workspace a name')
      return
    }
    create.mutate(
      { name: name.trim(), time_zone: timeZone },
      {
        onSuccess: (workspace) => {
          notifySuccess(`${workspace.name} is ready.`, 'Workspace created')
          onDone?.()
          navigate(`/w/${encodeURIComponent(workspace.id)}`)
        },
        onError: (error) => notifyError(error, 'Could not create the workspace'),
      },
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          A workspace holds one business: its channels, posts, contacts and reports. You become its
          owner.
        </Text>
        <TextInput
          label="Workspace name"
          placeholder="e.g. Corner Bakery"
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value)
            setNameProblem(undefined)
          }}
          error={nameProblem ?? fieldError(create.error, 'name')}
          required
          data-autofocus
        />
        <TimeZoneSelect
          value={timeZone}
          onChange={setTimeZone}
          description="Used for scheduling and for daily reports."
          error={fieldError(create.error, 'time_zone')}
        />
        <Group justify="flex-end">
          {onDone && (
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={create.isPending}>
            Create workspace
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
