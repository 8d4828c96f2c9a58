import {
  Anchor,
  Badge,
  Button,
  EmptyState,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks'
import { IconAddressBook, IconDownload, IconSearch, IconUpload } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import type { Contact } from '../../api/contact-types.js'
import { contactsCsvUrl, useContacts, usePipeline } from '../../api/contacts.js'
import { type ContactStage, STAGES } from '../../api/inbox-types.js'
import type { NetworkId } from '../../api/publishing-types.js'
import { useCan, useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { formatDateTime } from '../../lib/format.js'
import { NETWORKS } from '../../lib/networks.js'
import { NetworkIcon } from '../inbox/network-icon.js'
import { ContactsBoard } from './contacts-board.js'
import { ImportModal } from './import-modal.js'

const LAST_SEEN = [
  { value: '7', label: 'Seen in 7 days' },
  { value: '30', label: 'Seen in 30 days' },
  { value: '90', label: 'Seen in 90 days' },
  { value: 'older', label: 'Not seen in 90 days' },
]

/** The API has no last-seen filter, so the loaded list is filtered here. */
function seenWithin(contact: Contact, lastSeen: string | null, now: number): boolean {
  if (!lastSeen) return true
  const seen = contact.last_seen_at ? Date.parse(contact.last_seen_at) : 0
  const days = (now - seen) / 86_400_000
  return lastSeen === 'older' ? days > 90 : days <= Number(lastSeen)
}

export default function ContactsPage() {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const narrow = useMediaQuery('(max-width: 48em)') ?? false
  const [params, setParams] = useSearchParams()
  const view = params.get('view') === 'board' ? 'board' : 'table'
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 250)
  const [stage, setStage] = useState<ContactStage | null>(null)
  const [tag, setTag] = useState('')
  const [network, setNetwork] = useState<NetworkId | null>(null)
  const [lastSeen, setLastSeen] = useState<string | null>(null)
  const [importing, setImporting] = useState(false)
  const contacts = useContacts(workspace.id, {
    q,
    stage: view === 'board' ? undefined : (stage ?? undefined),
    tag: tag.trim().toLowerCase() || undefined,
    network: network ?? undefined,
  })
  const pipeline = usePipeline(workspace.id)
  const counts = useMemo(
    () => Object.fromEntries((pipeline.data?.stages ?? []).map((s) => [s.stage, s.count])),
    [pipeline.data],
  )
  const rows = useMemo(() => {
    const now = Date.now()
    return (contacts.data ?? []).filter((c) => seenWithin(c, lastSeen, now))
  }, [contacts.data, lastSeen])
  const filtered = Boolean(q || stage || tag || network || lastSeen)

  return (
    <Stack gap="md">
      <PageHeader
        title="Contacts"
        description="The people who talk to, follow and buy from your business."
        actions={
          <Group gap="xs">
            {canWrite && (
              <Button
                variant="default"
                leftSection={<IconUpload size={16} aria-hidden />}
                onClick={() => setImporting(true)}
              >
                Import CSV
              </Button>
            )}
            <Button
              component="a"
              href={contactsCsvUrl(workspace.id)}
              download="contacts.csv"
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              Export CSV
            </Button>
          </Group>
        }
      />
      <Group gap="xs" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label="View"
          value={view}
          onChange={(value) =>
            setParams((current) => {
              const next = new URLSearchParams(current)
              if (value === 'board') next.set('view', 'board')
              else next.delete('view')
              return next
            })
          }
          data={[
            { value: 'table', label: 'Table' },
            { value: 'board', label: 'Board' },
          ]}
        />
        <TextInput
          aria-label="Search contacts"
          placeholder="Name, email or handle"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={narrow ? '100%' : 220}
        />
        {view === 'table' && (
          <Select
            aria-label="Stage"
            placeholder="Any stage"
            clearable
            data={STAGES}
            value={stage}
            onChange={(value) => setStage(value as ContactStage | null)}
            w={130}
          />
        )}
        <TextInput
          aria-label="Tag"
          placeholder="Tag"
          value={tag}
          onChange={(e) => setTag(e.currentTarget.value)}
          w={110}
        />
        <Select
          aria-label="Network"
          placeholder="Any network"
          clearable
          data={Object.values(NETWORKS).map((n) => ({ value: n.id, label: n.name }))}
          value={network}
          onChange={(value) => setNetwork(value as NetworkId | null)}
          w={140}
        />
        <Select
          aria-label="Last seen"
          placeholder="Any time"
          clearable
          data={LAST_SEEN}
          value={lastSeen}
          onChange={setLastSeen}
          w={170}
        />
      </Group>
      {contacts.isPending ? (
        <SectionLoader label="Loading contacts" />
      ) : contacts.isError ? (
        <ErrorState error={contacts.error} onRetry={() => contacts.refetch()} />
      ) : rows.length === 0 && !filtered ? (
        <EmptyState
          variant="light"
          icon={<IconAddressBook size={28} aria-hidden />}
          title="No contacts yet"
          description="Everyone who writes to your channels becomes a contact, with their identities on each network, a stage (audience, engaged, lead, customer) and a timeline. You can also import a CSV file."
        />
      ) : view === 'board' ? (
        <ContactsBoard
          workspaceId={workspace.id}
          contacts={rows}
          counts={filtered ? {} : counts}
          canWrite={canWrite}
        />
      ) : rows.length === 0 ? (
        <Text c="dimmed">No contact matches these filters.</Text>
      ) : narrow ? (
        <Stack gap="xs">
          {rows.map((contact) => (
            <Paper key={contact.id} withBorder p="sm" radius="md">
              <Group justify="space-between" wrap="nowrap">
                <Anchor
                  component={Link}
                  to={workspaceHref(workspace.id, `contacts/${contact.id}`)}
                  fw={500}
                >
                  {contact.display_name}
                </Anchor>
                <Badge variant="light" size="sm">
                  {contact.stage}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {contact.message_count} messages · last seen {formatDateTime(contact.last_seen_at)}
              </Text>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Networks</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th>Tags</Table.Th>
                <Table.Th ta="right">Messages</Table.Th>
                <Table.Th ta="right">Score</Table.Th>
                <Table.Th>Last seen</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((contact) => (
                <Table.Tr key={contact.id}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={workspaceHref(workspace.id, `contacts/${contact.id}`)}
                    >
                      {contact.display_name}
                    </Anchor>
                    {contact.email && (
                      <Text size="xs" c="dimmed">
                        {contact.email}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      {contact.identities.map((identity) => (
                        <Group key={identity.id} gap={2} wrap="nowrap">
                          <NetworkIcon network={identity.network} size={14} />
                          <Text size="xs">@{identity.handle}</Text>
                        </Group>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm">
                      {contact.stage}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {contact.tags.map((t) => (
                        <Badge key={t} variant="outline" size="xs">
                          {t}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">{contact.message_count}</Table.Td>
                  <Table.Td ta="right">{contact.engagement_score.toFixed(1)}</Table.Td>
                  <Table.Td>{formatDateTime(contact.last_seen_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {importing && <ImportModal workspaceId={workspace.id} onClose={() => setImporting(false)} />}
    </Stack>
  )
}
