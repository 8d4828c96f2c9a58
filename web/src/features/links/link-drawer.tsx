import {
  Anchor,
  Badge,
  Button,
  Card,
  Drawer,
  Group,
  Image,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core'
import { IconArchive, IconArchiveOff, IconDownload, IconExternalLink } from '@tabler/icons-react'
import { lazy, Suspense, useMemo, useState } from 'react'
import type { Link } from '../../api/link-types.js'
import { qrPath, useLink, useLinkStats, useUpdateLink } from '../../api/links.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { CopyField } from '../../components/copy-field.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { formatDate, formatDateTime } from '../../lib/format.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { downloadSeriesCsv, downloadTopCsv } from './link-csv.js'
import { countryName, deviceName, referrerName, TopTable } from './top-table.js'

// ECharts is the biggest piece of the page: load it with the first chart, not with the table.
const ClicksChart = lazy(() =>
  import('./clicks-chart.js').then((module) => ({ default: module.ClicksChart })),
)

const PERIODS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
]
const HOUR = 3_600_000
const DAY = 24 * HOUR

export function LinkDrawer({ linkId, onClose }: { linkId: string | null; onClose: () => void }) {
  const workspace = useCurrentWorkspace()
  const link = useLink(workspace.id, linkId)
  return (
    <Drawer
      opened={linkId !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        <Text fw={600} component="span">
          {link.data ? `/l/${link.data.code}` : 'Tracked link'}
        </Text>
      }
    >
      {linkId &&
        (link.isPending ? (
          <SectionLoader label="Loading the link" />
        ) : link.isError ? (
          <ErrorState error={link.error} onRetry={() => link.refetch()} />
        ) : (
          <LinkDetails link={link.data} />
        ))}
    </Drawer>
  )
}

function LinkDetails({ link }: { link: Link }) {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const update = useUpdateLink(workspace.id)
  const [days, setDays] = useState('30')
  // One period per choice: a key that changed every render would refetch forever.
  const period = useMemo(() => {
    const to = Math.ceil(Date.now() / HOUR) * HOUR
    return {
      from: new Date(to - Number(days) * DAY).toISOString(),
      to: new Date(to).toISOString(),
    }
  }, [days])
  const stats = useLinkStats(workspace.id, link.id, period)
  const archived = link.archived_at !== null
  const utm = (
    [
      ['source', link.utm_source],
      ['medium', link.utm_medium],
      ['campaign', link.utm_campaign],
      ['term', link.utm_term],
      ['content', link.utm_content],
    ] as const
  ).filter(([, value]) => value)

  function toggleArchive() {
    update.mutate(
      { linkId: link.id, archived: !archived },
      {
        onSuccess: () =>
          notifySuccess(
            archived
              ? `${link.short_url} works again.`
              : `${link.short_url} is archived: visitors see a friendly “link ended” page.`,
            archived ? 'Link restored' : 'Link archived',
          ),
        onError: (error) => notifyError(error, 'Could not change the link'),
      },
    )
  }

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <CopyField label="Short link" value={link.short_url} />
        <Text size="sm">
          Leads to{' '}
          <Anchor
            href={link.destination}
            target="_blank"
            rel="noopener noreferrer"
            style={{ wordBreak: 'break-all' }}
          >
            {link.destination}
            <IconExternalLink
              size={12}
              style={{ marginLeft: 4, verticalAlign: 'middle' }}
              aria-hidden
            />
            <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
          </Anchor>
        </Text>
        <Group gap={6}>
          {archived && <Badge color="gray">Archived</Badge>}
          {link.campaign && <Badge variant="light">Campaign: {link.campaign}</Badge>}
          {utm.map(([name, value]) => (
            <Badge key={name} variant="outline" color="gray" tt="none">
              utm_{name}={value}
            </Badge>
          ))}
        </Group>
        <Text size="xs" c="dimmed">
          Created {formatDate(link.created_at)}
          {link.expires_at !== null && ` · Expires ${formatDateTime(link.expires_at)}`}
        </Text>
        {canWrite && (
          <Group>
            <Button
              variant="default"
              size="xs"
              leftSection={
                archived ? (
                  <IconArchiveOff size={14} aria-hidden />
                ) : (
                  <IconArchive size={14} aria-hidden />
                )
              }
              onClick={toggleArchive}
              loading={update.isPending}
            >
              {archived ? 'Restore link' : 'Archive link'}
            </Button>
          </Group>
        )}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="link-clicks-title">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h5" id="link-clicks-title">
            Clicks
          </Title>
          <SegmentedControl
            size="xs"
            data={PERIODS}
            value={days}
            onChange={setDays}
            aria-label="Period"
          />
        </Group>
        {stats.isPending ? (
          <SectionLoader label="Loading clicks" />
        ) : stats.isError ? (
          <ErrorState error={stats.error} onRetry={() => stats.refetch()} />
        ) : (
          <>
            <SimpleGrid cols={3} spacing="xs">
              <Figure label="Clicks" value={stats.data.totals.clicks} />
              <Figure label="Unique visitors" value={stats.data.totals.unique_clicks} />
              <Figure label="Bots left out" value={stats.data.totals.bot_hits} />
            </SimpleGrid>
            <Card withBorder radius="md" padding="sm">
              <Suspense fallback={<SectionLoader label="Loading the chart" />}>
                <ClicksChart stats={stats.data} title={`Clicks per day, last ${days} days`} />
              </Suspense>
              <Group justify="space-between" mt={4}>
                <Text size="xs" c="dimmed">
                  Days in {stats.data.time_zone.replaceAll('_', ' ')}. Bots and link previews are
                  not counted.
                </Text>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  leftSection={<IconDownload size={12} aria-hidden />}
                  onClick={() => downloadSeriesCsv(link, stats.data)}
                >
                  CSV
                </Button>
              </Group>
            </Card>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TopTable
                title="Top referrers"
                label="Referrer"
                rows={stats.data.top.referrer ?? []}
                display={referrerName}
                onDownload={() =>
                  downloadTopCsv(link, 'referrers', 'Referrer', stats.data.top.referrer ?? [])
                }
              />
              <TopTable
                title="Top countries"
                label="Country"
                rows={stats.data.top.country ?? []}
                display={countryName}
                onDownload={() =>
                  downloadTopCsv(link, 'countries', 'Country', stats.data.top.country ?? [])
                }
              />
              <TopTable
                title="Devices"
                label="Device"
                rows={stats.data.top.device ?? []}
                display={deviceName}
                onDownload={() =>
                  downloadTopCsv(link, 'devices', 'Device', stats.data.top.device ?? [])
                }
              />
            </SimpleGrid>
          </>
        )}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="link-qr-title">
        <Title order={3} size="h5" id="link-qr-title">
          QR code
        </Title>
        <Group align="flex-start" gap="lg">
          <Card withBorder radius="md" padding={4} bg="white">
            <Image
              src={qrPath(workspace.id, link.id, 'svg')}
              alt={`QR code for ${link.short_url}`}
              w={148}
              h={148}
            />
          </Card>
          <Stack gap="xs" maw={320}>
            <Text size="sm" c="dimmed">
              Print it on a menu, a flyer or the shop window. Scans are counted as clicks, marked
              “QR”.
            </Text>
            <Group gap="xs">
              <Button
                component="a"
                href={`${qrPath(workspace.id, link.id, 'png')}?size=1024&download=1`}
                download={`${link.code}-qr.png`}
                leftSection={<IconDownload size={16} aria-hidden />}
                variant="light"
              >
                Download PNG
              </Button>
              <Button
                component="a"
                href={`${qrPath(workspace.id, link.id, 'svg')}?download=1`}
                download={`${link.code}-qr.svg`}
                variant="subtle"
              >
                SVG
              </Button>
            </Group>
          </Stack>
        </Group>
      </Stack>
    </Stack>
  )
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Card withBorder radius="md" padding="sm">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value.toLocaleString()}
      </Text>
    </Card>
  )
}
