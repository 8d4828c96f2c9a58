import '@mantine/dates/styles.css'
import {
  ActionIcon,
  Card,
  EmptyState,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { IconChartLine, IconDownload } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useChannels } from '../../api/channels.js'
import type { TopEntry } from '../../api/link-types.js'
import { useLinks } from '../../api/links.js'
import { usePostsInRange } from '../../api/posts.js'
import { useCurrentWorkspace } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { channelLabel } from '../../lib/networks.js'
import { addDays, dayKeyOf, startOfDayInstant } from '../../lib/zoned-time.js'
import { revenueText } from '../attention/outcome-cards.js'
import { ClicksChart } from '../links/clicks-chart.js'
import { countryName, deviceName, referrerName, TopTable } from '../links/top-table.js'
import { FunnelChart } from './funnel-chart.js'
import { TopLinksTable, TopPostsTable } from './ranked-tables.js'
import { type TrafficFilter, type TrafficOverview, useTrafficOverview } from './traffic-api.js'
import { downloadDimensionCsv, downloadFunnelCsv, downloadSeriesCsv } from './traffic-csv.js'

const PERIODS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: 'custom', label: 'Custom' },
]
const HOUR_MS = 3_600_000

type DayRange = [string | null, string | null]

/** The period chosen: the last N days up to the end of this hour, or whole local days. */
function periodOf(days: string, custom: DayRange, timeZone: string) {
  const [start, end] = custom
  if (days === 'custom' && start && end)
    return {
      from: new Date(startOfDayInstant(start, timeZone)).toISOString(),
      to: new Date(startOfDayInstant(addDays(end, 1), timeZone)).toISOString(),
    }
  const to = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS
  const span = days === 'custom' ? 30 : Number(days)
  return { from: new Date(to - span * 24 * HOUR_MS).toISOString(), to: new Date(to).toISOString() }
}

function StatCard(props: { label: string; value: string; note?: string | undefined }) {
  return (
    <Card withBorder radius="md" padding="sm" data-testid={`stat-${props.label}`}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {props.label}
      </Text>
      <Text fz={24} fw={700}>
        {props.value}
      </Text>
      {props.note && (
        <Text size="xs" c="dimmed">
          {props.note}
        </Text>
      )}
    </Card>
  )
}

function StatCards({ data }: { data: TrafficOverview }) {
  const n = (value: number) => value.toLocaleString()
  const rate = data.conversion_rate
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 7 }} spacing="sm">
      <StatCard label="Clicks" value={n(data.totals.clicks)} note="bots left out" />
      <StatCard
        label="Unique visitors"
        value={n(data.totals.unique_clicks)}
        note="once per link and hour"
      />
      <StatCard label="Bot hits" value={n(data.totals.bot_hits)} note="excluded from clicks" />
      <StatCard label="Leads" value={n(data.conversions.leads)} />
      <StatCard
        label="Sales"
        value={n(data.conversions.sales)}
        note={`${n(data.conversions.customers)} customer${data.conversions.customers === 1 ? '' : 's'}`}
      />
      <StatCard label="Revenue" value={revenueText(data.conversions.revenue)} />
      <StatCard
        label="Conversion rate"
        value={rate === null ? '—' : `${(rate * 100).toFixed(1)}%`}
        note="leads ÷ unique visitors"
      />
    </SimpleGrid>
  )
}

const DIMENSION_TABLES: Array<{
  key: 'country' | 'device' | 'browser' | 'os' | 'referrer'
  title: string
  label: string
  file: string
  display?: (value: string) => string
}> = [
  { key: 'country', title: 'Countries', label: 'Country', file: 'countries', display: countryName },
  { key: 'device', title: 'Devices', label: 'Device', file: 'devices', display: deviceName },
  { key: 'browser', title: 'Browsers', label: 'Browser', file: 'browsers' },
  { key: 'os', title: 'Operating systems', label: 'OS', file: 'os' },
  {
    key: 'referrer',
    title: 'Referrers',
    label: 'Referrer',
    file: 'referrers',
    display: referrerName,
  },
]

function CsvButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip label="Download CSV">
      <ActionIcon variant="subtle" size="sm" onClick={onClick} aria-label={label}>
        <IconDownload size={14} aria-hidden />
      </ActionIcon>
    </Tooltip>
  )
}

/** Traffic: what the tracked links brought, for any period and campaign, channel, post or link. */
export default function TrafficPage() {
  const workspace = useCurrentWorkspace()
  const channels = useChannels(workspace.id)
  const links = useLinks(workspace.id, { state: 'all', q: '' })
  const [days, setDays] = useState('30')
  const [custom, setCustom] = useState<DayRange>([null, null])
  const [campaign, setCampaign] = useState<string | null>(null)
  const [channelId, setChannelId] = useState<string | null>(null)
  const [postId, setPostId] = useState<string | null>(null)
  const [linkId, setLinkId] = useState<string | null>(null)
  // One period per choice: a key that changed every render would refetch forever.
  const filter: TrafficFilter = useMemo(
    () => ({
      ...periodOf(days, custom, workspace.time_zone),
      campaign,
      channelId,
      postId,
      linkId,
    }),
    [days, custom, workspace.time_zone, campaign, channelId, postId, linkId],
  )
  const overview = useTrafficOverview(workspace.id, filter)
  const posts = usePostsInRange(workspace.id, { from: filter.from, to: filter.to })

  const campaignOptions = useMemo(
    () =>
      [
        ...new Set((links.data ?? []).map((link) => link.campaign).filter((c) => c !== null)),
      ].sort(),
    [links.data],
  )
  const linkOptions = (links.data ?? []).map((link) => ({
    value: link.id,
    label: `/${link.code} → ${link.destination}`.slice(0, 80),
  }))
  const postOptions = useMemo(() => {
    const options = new Map<string, string>()
    for (const post of posts.data ?? [])
      options.set(post.id, (post.content.parts[0]?.text ?? '').slice(0, 60) || post.id)
    for (const post of overview.data?.top_posts ?? [])
      options.set(post.id, post.text.slice(0, 60) || post.id)
    return [...options].map(([value, label]) => ({ value, label }))
  }, [posts.data, overview.data])
  const channelOptions = (channels.data ?? []).map((channel) => ({
    value: channel.id,
    label: channelLabel(channel),
  }))

  const data = overview.data
  const quiet =
    data &&
    data.totals.clicks === 0 &&
    data.conversions.leads === 0 &&
    data.conversions.sales === 0 &&
    data.funnel.published_posts === 0

  return (
    <Stack gap="md">
      <PageHeader
        title="Traffic"
        description="Clicks on your tracked links, the leads and sales they brought, and which posts and links did it."
      />
      <Group gap="sm" align="end" wrap="wrap">
        <SegmentedControl data={PERIODS} value={days} onChange={setDays} aria-label="Period" />
        {days === 'custom' && (
          <DatePickerInput
            type="range"
            label="Days"
            placeholder="Pick the first and last day"
            value={custom}
            onChange={(value) => setCustom(value as DayRange)}
            maxDate={dayKeyOf(Date.now(), workspace.time_zone)}
            valueFormat="MMM D, YYYY"
            w={260}
          />
        )}
        <Select
          label="Campaign"
          placeholder="All campaigns"
          data={campaignOptions}
          value={campaign}
          onChange={setCampaign}
          searchable
          clearable
          w={170}
        />
        <Select
          label="Channel"
          placeholder="All channels"
          data={channelOptions}
          value={channelId}
          onChange={setChannelId}
          clearable
          w={220}
        />
        <Select
          label="Post"
          placeholder="All posts"
          data={postOptions}
          value={postId}
          onChange={setPostId}
          searchable
          clearable
          w={220}
        />
        <Select
          label="Link"
          placeholder="All links"
          data={linkOptions}
          value={linkId}
          onChange={setLinkId}
          searchable
          clearable
          w={220}
        />
      </Group>
      {overview.isPending ? (
        <SectionLoader label="Loading traffic" />
      ) : overview.isError || !data ? (
        <ErrorState error={overview.error} onRetry={() => overview.refetch()} />
      ) : (
        <>
          <StatCards data={data} />
          <Text size="xs" c="dimmed">
            Links: {data.links_in_scope}. {data.attribution} Days in {data.time_zone}.
          </Text>
          {quiet ? (
            <Card withBorder radius="md" padding="xl">
              <EmptyState
                variant="light"
                icon={<IconChartLine aria-hidden />}
                title="No traffic in this period"
                description="Share a tracked link (Links) or turn on automatic tracked links for posts; clicks, leads and sales show here."
              />
            </Card>
          ) : (
            <>
              <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
                <Card withBorder radius="md" padding="sm" style={{ gridColumn: 'span 2' }}>
                  <Group justify="flex-end">
                    <CsvButton
                      label="Download clicks by day as CSV"
                      onClick={() => downloadSeriesCsv(data)}
                    />
                  </Group>
                  <ClicksChart stats={data} title="Clicks and unique visitors" />
                </Card>
                <Card withBorder radius="md" padding="sm">
                  <Group justify="flex-end">
                    <CsvButton
                      label="Download funnel as CSV"
                      onClick={() => downloadFunnelCsv(data)}
                    />
                  </Group>
                  <FunnelChart funnel={data.funnel} />
                  <Text size="xs" c="dimmed">
                    {data.bases.join(' ')}
                  </Text>
                </Card>
              </SimpleGrid>
              <SimpleGrid cols={1} spacing="md">
                <TopLinksTable rows={data.top_links} onPick={setLinkId} />
                <TopPostsTable rows={data.top_posts} onPick={setPostId} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
                {DIMENSION_TABLES.map((table) => {
                  const rows: TopEntry[] = data.top[table.key] ?? []
                  return (
                    <TopTable
                      key={table.key}
                      title={table.title}
                      label={table.label}
                      rows={rows}
                      {...(table.display ? { display: table.display } : {})}
                      onDownload={() => downloadDimensionCsv(table.file, table.label, rows)}
                    />
                  )
                })}
              </SimpleGrid>
            </>
          )}
        </>
      )}
    </Stack>
  )
}
