import {
  Alert,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconFileTypeCsv, IconPrinter, IconRefresh } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useChannels } from '../../api/channels.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { PageHeader, useDocumentTitle } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { channelLabel } from '../../lib/networks.js'
import { notifyError } from '../../lib/notify.js'
import {
  type AttentionFilter,
  reportHref,
  type TopSort,
  useBestTime,
  useEngagement,
  useSyncMetrics,
} from './attention-api.js'
import { EngagementChart, FollowerChart, FrequencyChart, TrafficChart } from './attention-charts.js'
import { BestTimeHeatmap } from './best-time-heatmap.js'
import { OutcomeCards } from './outcome-cards.js'
import { ShareReportPanel } from './share-report-panel.js'
import { TopPostsTable } from './top-posts-table.js'
import { TotalsCards } from './totals-cards.js'

const PERIODS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
]
const HOUR_MS = 3_600_000

/** Attention: which posts people noticed, liked, shared and answered; the audience; when to post. */
export default function AttentionPage() {
  useDocumentTitle('Analytics')
  const workspace = useCurrentWorkspace()
  const canSync = useCan('content.write')
  const channels = useChannels(workspace.id)
  const [days, setDays] = useState('30')
  const [channelId, setChannelId] = useState<string | null>(null)
  const [campaign, setCampaign] = useState('')
  const [label, setLabel] = useState('')
  const [sort, setSort] = useState<TopSort>('engagements')
  const [debouncedCampaign] = useDebouncedValue(campaign, 400)
  const [debouncedLabel] = useDebouncedValue(label, 400)
  // One period per choice: a key that changed every render would refetch forever.
  const filter: AttentionFilter = useMemo(() => {
    const to = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS
    return {
      from: new Date(to - Number(days) * 24 * HOUR_MS).toISOString(),
      to: new Date(to).toISOString(),
      channelId,
      campaign: debouncedCampaign,
      label: debouncedLabel,
    }
  }, [days, channelId, debouncedCampaign, debouncedLabel])
  const engagement = useEngagement(workspace.id, filter, sort)
  const bestTime = useBestTime(workspace.id, channelId)
  const sync = useSyncMetrics(workspace.id)

  const channelOptions = (channels.data ?? []).map((channel) => ({
    value: channel.id,
    label: channelLabel(channel),
  }))

  return (
    <Stack gap="md">
      <PageHeader
        title="Analytics"
        description="Which posts people noticed, liked, shared and answered, compared with the period before."
        actions={
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconFileTypeCsv size={16} />}
              component="a"
              href={reportHref(workspace.id, filter, 'csv')}
            >
              CSV
            </Button>
            <Button
              variant="default"
              leftSection={<IconFileTypeCsv size={16} />}
              component="a"
              href={`${reportHref(workspace.id, filter, 'csv')}&table=traffic`}
            >
              Traffic CSV
            </Button>
            <Button
              variant="default"
              leftSection={<IconPrinter size={16} />}
              component="a"
              href={reportHref(workspace.id, filter, 'html')}
              target="_blank"
            >
              Report
            </Button>
            <Button variant="default" component="a" href={reportHref(workspace.id, filter, 'pdf')}>
              PDF
            </Button>
            {canSync && (
              <Button
                leftSection={<IconRefresh size={16} />}
                loading={sync.isPending}
                onClick={() => sync.mutate(undefined, { onError: (error) => notifyError(error) })}
              >
                Sync metrics now
              </Button>
            )}
          </Group>
        }
      />
      <Group gap="sm" align="end" wrap="wrap">
        <SegmentedControl data={PERIODS} value={days} onChange={setDays} aria-label="Period" />
        <Select
          label="Channel"
          placeholder="All channels"
          data={channelOptions}
          value={channelId}
          onChange={setChannelId}
          clearable
          w={240}
        />
        <TextInput
          label="Campaign"
          placeholder="Any"
          value={campaign}
          onChange={(e) => setCampaign(e.currentTarget.value)}
          w={180}
        />
        <TextInput
          label="Label"
          placeholder="Any"
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
          w={160}
        />
      </Group>
      {sync.data?.channels.some((c) => c.error) && (
        <Alert color="yellow" title="Some channels could not be read">
          {sync.data.channels
            .filter((c) => c.error)
            .map((c) => (
              <Text key={c.channel_id} size="sm">
                {c.error}
              </Text>
            ))}
        </Alert>
      )}
      {engagement.isPending ? (
        <SectionLoader />
      ) : engagement.isError ? (
        <ErrorState error={engagement.error} onRetry={() => engagement.refetch()} />
      ) : (
        <>
          <TotalsCards data={engagement.data} />
          <Text size="xs" c="dimmed">
            {engagement.data.definition} Each post counts on the day it was published, with its
            latest numbers.
          </Text>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <Card withBorder radius="md" padding="sm">
              <EngagementChart data={engagement.data} />
            </Card>
            <Card withBorder radius="md" padding="sm">
              <FrequencyChart data={engagement.data} />
            </Card>
          </SimpleGrid>
          <OutcomeCards data={engagement.data} />
          <Card withBorder radius="md" padding="sm">
            <TrafficChart data={engagement.data} />
          </Card>
          <Card withBorder radius="md" padding="sm">
            <FollowerChart data={engagement.data} />
            <Stack gap={2}>
              {engagement.data.followers.map((channel) => (
                <Text key={channel.channel_id} size="sm" c={channel.note ? 'dimmed' : undefined}>
                  @{channel.handle}:{' '}
                  {channel.note ??
                    `${channel.end?.toLocaleString()} followers (${(channel.change ?? 0) >= 0 ? '+' : ''}${channel.change?.toLocaleString()} in this period)`}
                </Text>
              ))}
            </Stack>
          </Card>
          <TopPostsTable posts={engagement.data.top_posts} sort={sort} onSort={setSort} />
        </>
      )}
      {bestTime.data && <BestTimeHeatmap best={bestTime.data} />}
      <ShareReportPanel filter={filter} />
    </Stack>
  )
}
