import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  EmptyState,
  Group,
  List,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core'
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks'
import {
  IconCheck,
  IconChevronRight,
  IconCopy,
  IconDownload,
  IconLink,
  IconPlus,
  IconSearch,
} from '@tabler/icons-react'
import { memo, useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import type { Link, LinkState } from '../../api/link-types.js'
import { useLinks } from '../../api/links.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { copyText } from '../../lib/clipboard.js'
import { formatDate } from '../../lib/format.js'
import { notifyError } from '../../lib/notify.js'
import { CreateLinkModal } from './create-link-modal.js'
import { downloadLinksCsv } from './link-csv.js'
import { LinkDrawer } from './link-drawer.js'

const STATES: Array<{ value: LinkState; label: string }> = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All' },
]

export default function LinksPage() {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const [params, setParams] = useSearchParams()
  const [state, setState] = useState<LinkState>('active')
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 250)
  const [creating, setCreating] = useState(false)
  const links = useLinks(workspace.id, { state, q })
  const openLinkId = params.get('link')

  const openLink = (id: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (id) next.set('link', id)
        else next.delete('link')
        return next
      },
      { replace: false },
    )

  const campaigns = useMemo(
    () => [
      ...new Set(
        (links.data ?? []).map((link) => link.campaign).filter((c): c is string => Boolean(c)),
      ),
    ],
    [links.data],
  )
  const shortBase = useMemo(() => {
    const sample = links.data?.[0]?.short_url
    return sample ? sample.slice(0, sample.lastIndexOf('/') + 1) : `${window.location.origin}/l/`
  }, [links.data])

  const filtered = state !== 'active' || q.trim() !== ''
  const empty = links.data?.length === 0

  const createButton = canWrite && (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
      Create link
    </Button>
  )

  return (
    <Stack gap="lg">
      <PageHeader
        title="Links"
        description="Short links that count who clicks, from where, and what they bring."
        actions={
          !empty || filtered ? (
            <Group gap="xs">
              <Button
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
                onClick={() => links.data && downloadLinksCsv(links.data)}
                disabled={!links.data?.length}
              >
                Download CSV
              </Button>
              {createButton}
            </Group>
          ) : undefined
        }
      />

      {(!empty || filtered) && (
        <Group gap="sm" wrap="wrap">
          <TextInput
            aria-label="Search links"
            placeholder="Search destination, back-half…"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            style={{ flex: '1 1 220px', maxWidth: 360 }}
          />
          <SegmentedControl
            data={STATES}
            value={state}
            onChange={(value) => setState(value as LinkState)}
            aria-label="Which links"
          />
        </Group>
      )}

      {links.isPending ? (
        <SectionLoader label="Loading links" />
      ) : links.isError ? (
        <ErrorState error={links.error} onRetry={() => links.refetch()} />
      ) : empty && !filtered ? (
        <Card withBorder radius="md" padding="xl">
          <EmptyState
            variant="light"
            icon={<IconLink size={28} aria-hidden />}
            title="Know which posts bring visitors"
            description="A tracked link is a short link to a page of yours. Put it in a post, your bio or on a flyer as a QR code: Murmur counts each visit (bots left out), where it came from, and the leads and sales that follow."
          >
            <Stack align="center" mt="md" gap="sm">
              <List size="sm" c="dimmed" spacing={2} ta="left">
                <List.Item>UTM tags added for your website’s analytics</List.Item>
                <List.Item>A QR code for every link</List.Item>
                <List.Item>Clicks per day, top referrers, countries and devices</List.Item>
              </List>
              {createButton}
            </Stack>
          </EmptyState>
        </Card>
      ) : empty ? (
        <Text c="dimmed" size="sm" py="lg" ta="center">
          No {state === 'archived' ? 'archived ' : ''}links match{q.trim() ? ` “${q.trim()}”` : ''}.
        </Text>
      ) : (
        <LinksTable links={links.data} onOpen={openLink} />
      )}

      <CreateLinkModal
        opened={creating}
        onClose={() => setCreating(false)}
        campaigns={campaigns}
        shortBase={shortBase}
        onOpenDetails={(link) => openLink(link.id)}
      />
      <LinkDrawer linkId={openLinkId} onClose={() => openLink(null)} />
    </Stack>
  )
}

const LinksTable = memo(function LinksTable({
  links,
  onOpen,
}: {
  links: Link[]
  onOpen: (id: string) => void
}) {
  // A five-column table does not fit a phone: one card per link instead.
  const phone = useMediaQuery('(max-width: 36em)')
  if (phone) {
    return (
      <Card
        withBorder
        radius="md"
        padding={0}
        component="ul"
        style={{ listStyle: 'none', margin: 0 }}
      >
        {links.map((link, index) => (
          <LinkCard key={link.id} link={link} onOpen={onOpen} first={index === 0} />
        ))}
      </Card>
    )
  }
  return (
    <Card withBorder radius="md" padding={0}>
      <Table.ScrollContainer minWidth={680} type="native">
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Short link</Table.Th>
              <Table.Th>Destination</Table.Th>
              <Table.Th w={90} ta="right">
                Clicks
              </Table.Th>
              <Table.Th w={120}>Created</Table.Th>
              <Table.Th w={50}>
                <VisuallyHidden>Details</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {links.map((link) => (
              <LinkRow key={link.id} link={link} onOpen={onOpen} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  )
})

function useCopy(text: string) {
  const [copied, setCopied] = useState(false)
  async function copy() {
    if (await copyText(text)) {
      setCopied(true)
      window.setTimeout(() => setCopied(false), 2000)
    } else notifyError(new Error('Select the link and copy it by hand.'), 'Could not copy')
  }
  return { copied, copy }
}

function CopyButton({ link }: { link: Link }) {
  const { copied, copy } = useCopy(link.short_url)
  const shown = link.short_url.replace(/^https?:\/\//, '')
  return (
    <Tooltip label={copied ? 'Copied' : 'Copy'}>
      <ActionIcon
        variant={copied ? 'light' : 'subtle'}
        color={copied ? 'green' : 'gray'}
        size="sm"
        onClick={copy}
        aria-label={copied ? 'Copied' : `Copy ${shown}`}
      >
        {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
      </ActionIcon>
    </Tooltip>
  )
}

function LinkCard({
  link,
  onOpen,
  first,
}: {
  link: Link
  onOpen: (id: string) => void
  first: boolean
}) {
  const shown = link.short_url.replace(/^https?:\/\//, '')
  return (
    <li
      style={{
        borderTop: first ? undefined : '1px solid var(--mantine-color-default-border)',
        padding: 'var(--mantine-spacing-sm) var(--mantine-spacing-md)',
        opacity: link.archived_at ? 0.65 : undefined,
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Stack gap={2} miw={0}>
          <Group gap={4} wrap="nowrap">
            <UnstyledButton
              onClick={() => onOpen(link.id)}
              aria-label={`Details of ${shown}`}
              miw={0}
            >
              <Text
                size="sm"
                fw={600}
                ff="monospace"
                c="var(--mantine-color-anchor)"
                truncate="end"
              >
                {shown}
              </Text>
            </UnstyledButton>
            <CopyButton link={link} />
          </Group>
          <Text size="xs" c="dimmed" truncate="end">
            {link.destination.replace(/^https?:\/\//, '')}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDate(link.created_at)}
            {link.campaign ? ` · ${link.campaign}` : ''}
            {link.archived_at ? ' · Archived' : ''}
          </Text>
        </Stack>
        <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
          <Text size="sm" fw={700}>
            {link.clicks.toLocaleString()}
          </Text>
          <Text size="xs" c="dimmed">
            clicks
          </Text>
        </Stack>
      </Group>
    </li>
  )
}

function LinkRow({ link, onOpen }: { link: Link; onOpen: (id: string) => void }) {
  const shown = link.short_url.replace(/^https?:\/\//, '')
  return (
    <Table.Tr style={{ opacity: link.archived_at ? 0.65 : undefined }}>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <UnstyledButton onClick={() => onOpen(link.id)} aria-label={`Details of ${shown}`}>
            <Text size="sm" fw={600} ff="monospace" c="var(--mantine-color-anchor)">
              {shown}
            </Text>
          </UnstyledButton>
          <CopyButton link={link} />
        </Group>
        {link.campaign && (
          <Text size="xs" c="dimmed">
            {link.campaign}
          </Text>
        )}
      </Table.Td>
      <Table.Td maw={360}>
        <Anchor
          href={link.destination}
          target="_blank"
          rel="noopener noreferrer"
          size="sm"
          c="dimmed"
          truncate="end"
          display="block"
          title={link.destination}
        >
          {link.destination.replace(/^https?:\/\//, '')}
        </Anchor>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm" fw={600}>
          {link.clicks.toLocaleString()}
        </Text>
        <Text size="xs" c="dimmed">
          {link.unique_clicks.toLocaleString()} unique
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDate(link.created_at)}</Text>
        {link.archived_at && (
          <Text size="xs" c="dimmed">
            Archived
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <ActionIcon variant="subtle" onClick={() => onOpen(link.id)} aria-label={`Open ${shown}`}>
          <IconChevronRight size={16} aria-hidden />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  )
}
