import { Alert, Button, Card, Group, Stack, TextInput } from '@mantine/core'
import { IconLock } from '@tabler/icons-react'
import { type FormEvent, useState } from 'react'
import { useUpdateWorkspace } from '../../api/workspaces.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { TimeZoneSelect } from '../../components/time-zone-select.js'
import { rememberTimeZoneConfirmed } from '../../lib/checklist-memory.js'
import { fieldError, notifyError, notifySuccess } from '../../lib/notify.js'
import { ROLE_ARTICLE, ROLE_LABEL } from '../../lib/roles.js'
import { ReportLogoCard } from './report-logo-card.js'

export function GeneralTab() {
  const workspace = useCurrentWorkspace()
  const canEdit = useCan('workspace.update')
  const [name, setName] = useState(workspace.name)
  const [timeZone, setTimeZone] = useState(workspace.time_zone)
  const [nameProblem, setNameProblem] = useState<string | undefined>()
  const update = useUpdateWorkspace(workspace.id)

  const changes: { name?: string; time_zone?: string } = {}
  if (name.trim() !== workspace.name) changes.name = name.trim()
  if (timeZone !== workspace.time_zone) changes.time_zone = timeZone
  const dirty = Object.keys(changes).length > 0

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!name.trim()) {
      setNameProblem('The workspace needs a name')
      return
    }
    update.mutate(changes, {
      onSuccess: (saved) => {
        if (changes.time_zone) rememberTimeZoneConfirmed(workspace.id)
        setName(saved.name ?? name.trim())
        setTimeZone(saved.time_zone ?? timeZone)
        notifySuccess('Workspace settings saved.')
      },
      onError: (error) => notifyError(error, 'Could not save the settings'),
    })
  }

  return (
    <Stack>
      <Card withBorder radius="md" padding="lg" maw={620}>
        <form onSubmit={submit} noValidate>
          <Stack>
            {!canEdit && (
              <Alert icon={<IconLock size={18} />} color="gray" variant="light">
                You are {ROLE_ARTICLE[workspace.role]} {ROLE_LABEL[workspace.role].toLowerCase()}{' '}
                here: only owners and admins can change these settings.
              </Alert>
            )}
            <TextInput
              label="Workspace name"
              description="Usually the name of your business."
              value={name}
              onChange={(event) => {
                setName(event.currentTarget.value)
                setNameProblem(undefined)
              }}
              readOnly={!canEdit}
              error={nameProblem ?? fieldError(update.error, 'name')}
              required
            />
            <TimeZoneSelect
              value={timeZone}
              onChange={setTimeZone}
              description="Scheduled posts, posting times and daily reports use this time zone."
              readOnly={!canEdit}
              error={fieldError(update.error, 'time_zone')}
            />
            {canEdit && (
              <Group justify="flex-end">
                <Button
                  variant="default"
                  disabled={!dirty || update.isPending}
                  onClick={() => {
                    setName(workspace.name)
                    setTimeZone(workspace.time_zone)
                    setNameProblem(undefined)
                  }}
                >
                  Discard
                </Button>
                <Button type="submit" disabled={!dirty} loading={update.isPending}>
                  Save changes
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      </Card>
      <ReportLogoCard />
    </Stack>
  )
}
