import { Alert, Anchor, Button, Grid, Group, Menu, Paper, Stack, Tabs, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconChevronDown, IconExternalLink, IconSpeakerphone } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { isApiError } from '../../api/client.js'
import {
  useCreateEvent,
  useDeleteEvent,
  useEvent,
  useEventPreview,
  useUpdateEvent,
} from '../../api/events.js'
import type { EventStatus, MurmurEvent } from '../../api/page-types.js'
import { useCan, useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { ConfirmModal } from '../../components/confirm-modal.js'
import { CopyField } from '../../components/copy-field.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { LivePreview } from '../pages/live-preview.js'
import { AnnounceModal } from './announce-modal.js'
import { AnnouncementsList } from './announcements-list.js'
import { AttendeesTable } from './attendees-table.js'
import { draftOfEvent, type EventDraft, emptyDraft, inputOf } from './event-draft.js'
import { EventForm } from './event-form.js'
import { EventStatusBadge } from './event-status.js'

export default function EventPage() {
  const { eventId = 'new' } = useParams()
  const workspace = useCurrentWorkspace()
  const isNew = eventId === 'new'
  const event = useEvent(workspace.id, isNew ? null : eventId)

  if (isNew) return <EventEditor key="new" saved={null} />
  if (event.isPending) return <SectionLoader label="Loading the event" />
  if (event.isError)
    return (
      <ErrorState error={event.error} onRetry={() => event.refetch()}>
        <Anchor component={Link} to={workspaceHref(workspace.id, 'events')}>
          Back to events
        </Anchor>
      </ErrorState>
    )
  return <EventEditor key={event.data.id} saved={event.data} />
}

function EventEditor({ saved }: { saved: MurmurEvent | null }) {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const navigate = useNavigate()
  const create = useCreateEvent(workspace.id)
  const update = useUpdateEvent(workspace.id, saved?.id ?? '')
  const remove = useDeleteEvent(workspace.id)
  const [draft, setDraft] = useState<EventDraft>(() => (saved ? draftOfEvent(saved) : emptyDraft()))
  const [tab, setTab] = useState<string | null>('details')
  const [announcing, setAnnouncing] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [cancelling, setCancelling] = useState(false)

  // A save (publish, cancel, another tab) brings new values: keep the form in step. Only the
  // fields the form shows count, so a new attendee refetched on focus keeps unsaved edits.
  const savedFields = saved ? JSON.stringify(draftOfEvent(saved)) : null
  useEffect(() => {
    if (savedFields) setDraft(JSON.parse(savedFields) as EventDraft)
  }, [savedFields])

  const [debounced] = useDebouncedValue(draft, 400)
  const previewBody = useMemo(
    () =>
      canWrite && debounced.title.trim()
        ? { ...inputOf(debounced), ...(saved ? { event_id: saved.id } : {}) }
        : null,
    [canWrite, debounced, saved],
  )
  const preview = useEventPreview(workspace.id, previewBody)

  const mutationError = saved ? update.error : create.error
  const errors = isApiError(mutationError) ? mutationError.fieldErrors : {}
  const dirty = saved ? JSON.stringify(draft) !== JSON.stringify(draftOfEvent(saved)) : true
  const timeZone = saved?.time_zone ?? workspace.time_zone

  async function save(status?: EventStatus) {
    const input = { ...inputOf(draft), ...(status ? { status } : {}) }
    try {
      if (saved) {
        const result = await update.mutateAsync(input)
        notifySuccess(
          status === 'published'
            ? 'The event is published: its page is public.'
            : status === 'cancelled'
              ? 'The event is cancelled. Its page says so and takes no more sign-ups.'
              : status === 'draft'
                ? 'The event is a draft again: its page is private.'
                : 'Event saved.',
        )
        setDraft(draftOfEvent(result))
      } else {
        const result = await create.mutateAsync(input)
        notifySuccess('Event created as a draft. Publish it when it is ready.')
        navigate(workspaceHref(workspace.id, `events/${encodeURIComponent(result.id)}`), {
          replace: true,
        })
      }
    } catch (error) {
      notifyError(error, 'The event was not saved')
    }
  }

  async function confirmDelete() {
    if (!saved) return
    try {
      await remove.mutateAsync(saved.id)
      notifySuccess('Event deleted.')
      navigate(workspaceHref(workspace.id, 'events'))
    } catch (error) {
      notifyError(error, 'The event was not deleted')
    }
  }

  const saving = create.isPending || update.isPending
  const actions = canWrite && (
    <Group gap="xs">
      {saved?.status === 'published' && (
        <Button
          variant="light"
          leftSection={<IconSpeakerphone size={16} />}
          onClick={() => setAnnouncing(true)}
        >
          Announce
        </Button>
      )}
      {saved && saved.status !== 'published' && (
        <Button onClick={() => save('published')} loading={update.isPending}>
          Publish
        </Button>
      )}
      <Button
        variant={saved?.status === 'published' ? 'filled' : 'default'}
        onClick={() => save()}
        loading={saving}
        disabled={!dirty}
      >
        {saved ? 'Save changes' : 'Create event'}
      </Button>
      {saved && (
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" rightSection={<IconChevronDown size={14} />}>
              More
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {saved.status === 'published' && (
              <Menu.Item onClick={() => setCancelling(true)}>Cancel the event</Menu.Item>
            )}
            {saved.status !== 'draft' && (
              <Menu.Item onClick={() => save('draft')}>Back to draft (private)</Menu.Item>
            )}
            <Menu.Item color="red" onClick={() => setDeleting(true)}>
              Delete
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
    </Group>
  )

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={workspaceHref(workspace.id, 'events')} size="sm">
        ← Events
      </Anchor>
      <PageHeader
        title={saved ? saved.title : 'New event'}
        description={
          saved ? (
            <Group gap="xs" component="span">
              <EventStatusBadge status={saved.status} />
              <span>
                {saved.attendee_count}
                {saved.capacity ? ` of ${saved.capacity}` : ''} joined
              </span>
            </Group>
          ) : (
            'It stays private until you publish it.'
          )
        }
        actions={actions}
      />
      {saved && (
        <Paper withBorder radius="md" p="md">
          <Stack gap="xs">
            <CopyField label="Event page" value={saved.url} />
            <Group gap="xs">
              <Anchor href={saved.url} target="_blank" rel="noopener" size="sm">
                <Group gap={4} component="span">
                  Open the event page <IconExternalLink size={14} aria-hidden />
                </Group>
              </Anchor>
              {saved.status === 'draft' && (
                <Text size="xs" c="dimmed">
                  (answers “not found” until you publish)
                </Text>
              )}
            </Group>
          </Stack>
        </Paper>
      )}
      {saved && <AnnouncementsList workspaceId={workspace.id} eventId={saved.id} />}
      {saved?.status === 'cancelled' && (
        <Alert color="red" variant="light">
          This event is cancelled: its page says so and takes no more sign-ups.
        </Alert>
      )}

      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="details">Details</Tabs.Tab>
          {saved && <Tabs.Tab value="attendees">Attendees ({saved.attendee_count})</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="details" pt="md">
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <EventForm
                draft={draft}
                onChange={setDraft}
                errors={errors}
                timeZone={timeZone}
                disabled={!canWrite}
                isNew={!saved}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <div style={{ position: 'sticky', top: 16 }}>
                {previewBody || preview.data ? (
                  <LivePreview
                    title="Preview of the event page"
                    html={preview.data?.html}
                    loading={preview.isFetching}
                    error={preview.error}
                  />
                ) : (
                  <Text size="sm" c="dimmed">
                    Give the event a title to see its page.
                  </Text>
                )}
              </div>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        {saved && (
          <Tabs.Panel value="attendees" pt="md">
            <AttendeesTable
              workspaceId={workspace.id}
              eventId={saved.id}
              canWrite={canWrite}
              timeZone={timeZone}
            />
          </Tabs.Panel>
        )}
      </Tabs>

      {saved && (
        <>
          <AnnounceModal
            opened={announcing}
            onClose={() => setAnnouncing(false)}
            workspaceId={workspace.id}
            timeZone={timeZone}
            event={saved}
          />
          <ConfirmModal
            opened={deleting}
            title="Delete this event?"
            confirmLabel="Delete event"
            onConfirm={confirmDelete}
            onClose={() => setDeleting(false)}
            loading={remove.isPending}
          >
            Its attendee list is deleted and its page answers “not found”. To keep the page, cancel
            the event instead.
          </ConfirmModal>
          <ConfirmModal
            opened={cancelling}
            title="Cancel this event?"
            confirmLabel="Cancel the event"
            onConfirm={async () => {
              await save('cancelled')
              setCancelling(false)
            }}
            onClose={() => setCancelling(false)}
            loading={update.isPending}
          >
            The page stays up and says the event is cancelled; nobody else can join.
          </ConfirmModal>
        </>
      )}
    </Stack>
  )
}
