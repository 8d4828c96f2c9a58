import {
  ActionIcon,
  Anchor,
  Button,
  Grid,
  Group,
  Menu,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  Title,
} from '@mantine/core'
import {
  IconArrowLeft,
  IconDots,
  IconDownload,
  IconGitMerge,
  IconSeparator,
  IconTrash,
} from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  useAddContactNote,
  useContact,
  useDeleteContactNote,
  useTimeline,
  useUpdateContact,
} from '../../api/contacts.js'
import { type ContactStage, STAGES } from '../../api/inbox-types.js'
import { useCan, useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { useDocumentTitle } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { formatDateTime } from '../../lib/format.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { NetworkIcon } from '../inbox/network-icon.js'
import { ContactAdvocacy } from '../word-of-mouth/contact-advocacy.js'
import { downloadContactExport, EraseModal, MergeModal, SplitModal } from './contact-actions.js'
import { ContactTimeline } from './contact-timeline.js'
import { type PendingMove, StageMoveModal } from './stage-move-modal.js'

export default function ContactPage() {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const { contactId = '' } = useParams()
  const contact = useContact(workspace.id, contactId)
  const timeline = useTimeline(workspace.id, contactId)
  const update = useUpdateContact(workspace.id)
  const [move, setMove] = useState<PendingMove | null>(null)
  const [dialog, setDialog] = useState<'merge' | 'split' | 'erase' | null>(null)
  useDocumentTitle(contact.data?.display_name ?? 'Contact')

  if (contact.isPending) return <SectionLoader label="Loading the contact" />
  if (contact.isError) return <ErrorState error={contact.error} onRetry={() => contact.refetch()} />
  const data = contact.data

  return (
    <Stack gap="md">
      <Anchor component={Link} to={workspaceHref(workspace.id, 'contacts')} size="sm">
        <IconArrowLeft size={14} aria-hidden /> Contacts
      </Anchor>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Title order={1} size="h2">
            {data.display_name}
          </Title>
          <Text size="sm" c="dimmed">
            {data.message_count} {data.message_count === 1 ? 'message' : 'messages'} · engagement
            score {data.engagement_score.toFixed(1)} · last seen {formatDateTime(data.last_seen_at)}
          </Text>
        </Stack>
        <Group gap="xs">
          <Select
            aria-label="Stage"
            data={STAGES}
            value={data.stage}
            allowDeselect={false}
            disabled={!canWrite}
            w={140}
            onChange={(value) =>
              value &&
              value !== data.stage &&
              setMove({
                contactId: data.id,
                name: data.display_name,
                from: data.stage,
                to: value as ContactStage,
              })
            }
          />
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label="More actions">
                <IconDots size={18} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconDownload size={14} aria-hidden />}
                onClick={() => downloadContactExport(workspace.id, data)}
              >
                Export (JSON)
              </Menu.Item>
              {canWrite && (
                <>
                  <Menu.Item
                    leftSection={<IconGitMerge size={14} aria-hidden />}
                    onClick={() => setDialog('merge')}
                  >
                    Merge another contact in…
                  </Menu.Item>
                  <Menu.Item
                    leftSection={<IconSeparator size={14} aria-hidden />}
                    disabled={data.identities.length < 2}
                    onClick={() => setDialog('split')}
                  >
                    Split…
                  </Menu.Item>
                  <Menu.Divider />
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={14} aria-hidden />}
                    onClick={() => setDialog('erase')}
                  >
                    Erase…
                  </Menu.Item>
                </>
              )}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Paper withBorder p="sm" radius="md">
              <Stack gap="xs">
                <Text fw={600} size="sm">
                  Identities
                </Text>
                {data.identities.length === 0 && (
                  <Text size="sm" c="dimmed">
                    None yet.
                  </Text>
                )}
                {data.identities.map((identity) => (
                  <Group key={identity.id} gap={6} wrap="nowrap">
                    <NetworkIcon network={identity.network} size={16} />
                    <Text size="sm" truncate>
                      @{identity.handle}
                    </Text>
                  </Group>
                ))}
                {data.email && <Text size="sm">{data.email}</Text>}
                {data.customer_id && (
                  <Text size="xs" c="dimmed">
                    Customer id {data.customer_id}
                  </Text>
                )}
              </Stack>
            </Paper>
            <ContactAdvocacy workspaceId={workspace.id} contactId={data.id} />
            <Paper withBorder p="sm" radius="md">
              <TagsInput
                label="Tags"
                placeholder={canWrite ? 'Add a tag, then Enter' : undefined}
                disabled={!canWrite}
                value={data.tags}
                onChange={(tags) =>
                  update.mutate(
                    { contactId: data.id, tags: tags.map((t) => t.trim().toLowerCase()) },
                    {
                      onSuccess: () => notifySuccess('Tags saved.'),
                      onError: (error) => notifyError(error, 'The tags were not saved'),
                    },
                  )
                }
              />
            </Paper>
            <ContactNotes
              workspaceId={workspace.id}
              contactId={data.id}
              notes={data.notes}
              canWrite={canWrite}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="md" radius="md">
            <Title order={2} size="h4" mb="sm">
              Timeline
            </Title>
            {timeline.isPending ? (
              <SectionLoader label="Loading the timeline" />
            ) : timeline.isError ? (
              <ErrorState error={timeline.error} onRetry={() => timeline.refetch()} />
            ) : (
              <ContactTimeline workspaceId={workspace.id} items={timeline.data} />
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      {move && (
        <StageMoveModal workspaceId={workspace.id} move={move} onClose={() => setMove(null)} />
      )}
      {dialog === 'merge' && (
        <MergeModal workspaceId={workspace.id} contact={data} onClose={() => setDialog(null)} />
      )}
      {dialog === 'split' && (
        <SplitModal workspaceId={workspace.id} contact={data} onClose={() => setDialog(null)} />
      )}
      {dialog === 'erase' && (
        <EraseModal workspaceId={workspace.id} contact={data} onClose={() => setDialog(null)} />
      )}
    </Stack>
  )
}

function ContactNotes({
  workspaceId,
  contactId,
  notes,
  canWrite,
}: {
  workspaceId: string
  contactId: string
  notes: Array<{ id: string; body: string; created_at: string }>
  canWrite: boolean
}) {
  const [body, setBody] = useState('')
  const add = useAddContactNote(workspaceId)
  const remove = useDeleteContactNote(workspaceId)
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Notes for the team
        </Text>
        {notes.map((note) => (
          <Group key={note.id} justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={0}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {note.body}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(note.created_at)}
              </Text>
            </Stack>
            {canWrite && (
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label="Delete note"
                onClick={() =>
                  remove.mutate(
                    { contactId, noteId: note.id },
                    {
                      onSuccess: () => notifySuccess('Note deleted.'),
                      onError: (error) => notifyError(error),
                    },
                  )
                }
              >
                <IconTrash size={14} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
        {canWrite && (
          <form
            onSubmit={(event) => {
              event.preventDefault()
              if (!body.trim()) return
              add.mutate(
                { contactId, body },
                {
                  onSuccess: () => {
                    setBody('')
                    notifySuccess('Note added.')
                  },
                  onError: (error) => notifyError(error, 'The note was not added'),
                },
              )
            }}
          >
            <Stack gap={4}>
              <Textarea
                aria-label="New note"
                placeholder="Prefers email; allergic to nuts…"
                autosize
                minRows={2}
                value={body}
                onChange={(e) => setBody(e.currentTarget.value)}
              />
              <Button type="submit" size="xs" variant="default" loading={add.isPending}>
                Add note
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  )
}
