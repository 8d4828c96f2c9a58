import {
  Badge,
  Box,
  Button,
  Collapse,
  EmptyState,
  Group,
  Kbd,
  List,
  Paper,
  ScrollArea,
  Stack,
  Tabs,
  Text,
  Tooltip,
} from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import { IconInbox, IconRefresh, IconSettings } from '@tabler/icons-react'
import { useCallback, useMemo, useRef, useState } from 'react'
import { useSearchParams } from 'react-router'
import { useChannels } from '../../api/channels.js'
import { isApiError } from '../../api/client.js'
import {
  useConversations,
  useInboxEvents,
  useSyncInbox,
  useUpdateConversation,
} from '../../api/inbox.js'
import type { ConversationFilter } from '../../api/inbox-types.js'
import { useMembers } from '../../api/members.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { ContactPane } from './contact-pane.js'
import { ConversationList } from './conversation-list.js'
import { ConversationView } from './conversation-view.js'
import { InboxFilters } from './inbox-filters.js'
import { InboxSettings } from './inbox-settings.js'
import { useInboxKeys } from './use-inbox-keys.js'

const PANE_HEIGHT = 'calc(100dvh - 230px)'

export default function InboxPage() {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') === 'settings' ? 'settings' : 'conversations'
  const setParam = (key: string, value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current)
      if (value) next.set(key, value)
      else next.delete(key)
      return next
    })
  const live = useInboxEvents(workspace.id)
  const sync = useSyncInbox(workspace.id)
  const [resting, setResting] = useState(false)

  const runSync = () =>
    sync.mutate(undefined, {
      onSuccess: (answer) => {
        const received = answer.channels.reduce((sum, c) => sum + c.received, 0)
        const failed = answer.channels.filter((c) => c.error)
        if (answer.channels.length === 0) notifySuccess('No channel to sync: connect one first.')
        else if (failed.length > 0)
          notifyError(
            new Error(failed.map((c) => `@${c.handle}: ${c.error}`).join('; ')),
            'Some channels did not sync',
          )
        else notifySuccess(`Synced ${answer.channels.length} channel(s): ${received} new.`)
      },
      onError: (error) => {
        // Pressed again too soon: the button rests for as long as the server asked.
        if (isApiError(error) && error.status === 429) {
          const seconds = (error.details as { retry_after_seconds?: number } | null)
            ?.retry_after_seconds
          if (seconds) {
            setResting(true)
            window.setTimeout(() => setResting(false), seconds * 1000)
          }
          notifyError(error, 'Just synced')
        } else notifyError(error, 'Sync failed')
      },
    })

  return (
    <Stack gap="sm">
      <PageHeader
        title="Inbox"
        description="Everything people say to your business on its channels, in one place."
        actions={
          <Group gap="xs">
            <Tooltip label={live ? 'New messages appear by themselves' : 'Reconnecting…'}>
              <Badge variant="dot" color={live ? 'teal' : 'gray'}>
                {live ? 'Live' : 'Offline'}
              </Badge>
            </Tooltip>
            {canWrite && (
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} aria-hidden />}
                loading={sync.isPending}
                disabled={resting}
                onClick={runSync}
              >
                Sync now
              </Button>
            )}
          </Group>
        }
      />
      <Tabs value={tab} onChange={(value) => setParam('tab', value === 'settings' ? value : null)}>
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          <Tabs.Tab value="conversations" leftSection={<IconInbox size={16} aria-hidden />}>
            Conversations
          </Tabs.Tab>
          <Tabs.Tab value="settings" leftSection={<IconSettings size={16} aria-hidden />}>
            Saved replies and rules
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === 'settings' ? (
        <InboxSettings workspaceId={workspace.id} canWrite={canWrite} />
      ) : (
        <InboxPanes
          workspaceId={workspace.id}
          canWrite={canWrite}
          selectedId={params.get('c')}
          pane={params.get('pane')}
          setParam={setParam}
        />
      )}
    </Stack>
  )
}

interface InboxPanesProps {
  workspaceId: string
  canWrite: boolean
  selectedId: string | null
  pane: string | null
  setParam: (key: string, value: string | null) => void
}

function InboxPanes({ workspaceId, canWrite, selectedId, pane, setParam }: InboxPanesProps) {
  const narrow = useMediaQuery('(max-width: 62em)') ?? false
  const [filter, setFilter] = useState<ConversationFilter>({ status: 'open', sort: 'recent' })
  const [showFilters, setShowFilters] = useState(false)
  const conversations = useConversations(workspaceId, filter)
  const channels = useChannels(workspaceId)
  const membersQuery = useMembers(workspaceId)
  const update = useUpdateConversation(workspaceId)
  const replyRef = useRef<HTMLTextAreaElement>(null)
  const assignRef = useRef<HTMLInputElement>(null)

  const members = useMemo(
    () => (membersQuery.data ?? []).map((m) => ({ value: m.user_id, label: m.name || m.email })),
    [membersQuery.data],
  )
  const memberName = useCallback(
    (id: string | null) => (id ? (members.find((m) => m.value === id)?.label ?? 'someone') : null),
    [members],
  )
  const list = conversations.data ?? []
  const selected = list.find((c) => c.id === selectedId) ?? null
  const select = useCallback((id: string | null) => setParam('c', id), [setParam])

  const move = (step: number) => {
    if (list.length === 0) return
    const index = list.findIndex((c) => c.id === selectedId)
    const nextIndex = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step))
    const id = list[nextIndex]?.id
    if (!id) return
    select(id)
    document
      .querySelector(`[data-conversation-id="${CSS.escape(id)}"]`)
      ?.scrollIntoView({ block: 'nearest' })
  }

  useInboxKeys({
    next: () => move(1),
    previous: () => move(-1),
    done: () => {
      if (!selectedId || !canWrite) return
      // Moving on after "done" keeps triage flowing without reaching for the mouse.
      const index = list.findIndex((c) => c.id === selectedId)
      const following = filter.status === 'open' ? (list[index + 1] ?? list[index - 1]) : null
      update.mutate(
        { conversationId: selectedId, status: 'done' },
        {
          onSuccess: () => {
            notifySuccess('Marked done.')
            if (following) select(following.id)
          },
          onError: (error) => notifyError(error),
        },
      )
    },
    reply: () => replyRef.current?.focus(),
    assign: () => {
      assignRef.current?.focus()
      assignRef.current?.click()
    },
  })

  if (conversations.isPending) return <SectionLoader label="Loading the inbox" />
  if (conversations.isError)
    return <ErrorState error={conversations.error} onRetry={() => conversations.refetch()} />

  const filters = (
    <InboxFilters
      filter={filter}
      onChange={setFilter}
      channels={channels.data ?? []}
      members={members}
    />
  )
  const keyHint = (
    <Text size="xs" c="dimmed" visibleFrom="sm">
      <Kbd size="xs">j</Kbd>/<Kbd size="xs">k</Kbd> move · <Kbd size="xs">e</Kbd> done ·{' '}
      <Kbd size="xs">r</Kbd> reply · <Kbd size="xs">a</Kbd> assign
    </Text>
  )

  const listPane = (
    <Paper
      withBorder
      radius="md"
      h={narrow ? undefined : PANE_HEIGHT}
      style={{ overflow: 'hidden' }}
    >
      {list.length === 0 ? (
        <InboxEmpty filtered={Object.keys(filter).length > 2 || filter.status !== 'open'} />
      ) : (
        <ScrollArea h={narrow ? undefined : '100%'}>
          <ConversationList
            conversations={list}
            selectedId={selectedId}
            onSelect={(id) => select(id)}
            memberName={memberName}
          />
        </ScrollArea>
      )}
    </Paper>
  )
  const conversationPane = selectedId ? (
    <ConversationView
      key={selectedId}
      workspaceId={workspaceId}
      conversationId={selectedId}
      canWrite={canWrite}
      members={members}
      replyRef={replyRef}
      assignRef={assignRef}
      onBack={narrow ? () => select(null) : undefined}
      onShowContact={narrow ? () => setParam('pane', 'contact') : undefined}
    />
  ) : (
    <Text c="dimmed" size="sm" ta="center" py="xl">
      Pick a conversation, or press <Kbd size="xs">j</Kbd>.
    </Text>
  )
  const contactId = selected?.contact?.id
  const contactPane = contactId ? (
    <ContactPane
      workspaceId={workspaceId}
      contactId={contactId}
      canWrite={canWrite}
      onBack={narrow ? () => setParam('pane', null) : undefined}
    />
  ) : (
    <Text c="dimmed" size="sm">
      {selectedId ? 'No contact for this conversation.' : 'The contact shows here.'}
    </Text>
  )

  if (narrow) {
    return (
      <Stack gap="sm">
        {!selectedId && (
          <>
            <Button
              variant="default"
              size="xs"
              onClick={() => setShowFilters((shown) => !shown)}
              aria-expanded={showFilters}
            >
              {showFilters ? 'Hide filters' : 'Filters'}
            </Button>
            <Collapse expanded={showFilters}>{filters}</Collapse>
          </>
        )}
        {!selectedId ? listPane : pane === 'contact' ? contactPane : conversationPane}
      </Stack>
    )
  }
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        {filters}
        {keyHint}
      </Group>
      <Box
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(260px, 340px) minmax(0, 1fr) minmax(220px, 280px)',
          gap: 'var(--mantine-spacing-sm)',
        }}
      >
        {listPane}
        <Paper withBorder radius="md" p="sm" h={PANE_HEIGHT} style={{ overflow: 'hidden' }}>
          {conversationPane}
        </Paper>
        <Paper withBorder radius="md" p="sm" h={PANE_HEIGHT} style={{ overflowY: 'auto' }}>
          {contactPane}
        </Paper>
      </Box>
    </Stack>
  )
}

function InboxEmpty({ filtered }: { filtered: boolean }) {
  if (filtered)
    return (
      <Text c="dimmed" size="sm" ta="center" p="lg">
        Nothing matches these filters.
      </Text>
    )
  return (
    <EmptyState
      variant="light"
      icon={<IconInbox size={28} aria-hidden />}
      title="Nothing to answer"
      description="Replies and comments under your posts, mentions and quotes from your connected channels land here. Murmur checks every 2 minutes; Sync now checks at once."
    >
      <List size="sm" c="dimmed" spacing={2} ta="left" mt="sm">
        <List.Item>The urgent ones first: complaints, purchase intent, questions</List.Item>
        <List.Item>Answer from here: the reply appears in the thread on the network</List.Item>
        <List.Item>Each person becomes a contact with their history</List.Item>
      </List>
    </EmptyState>
  )
}
