import { Card, Group, SimpleGrid, Text, Tooltip } from '@mantine/core'
import type { EngagementAnalytics, MetricName, Totals } from './attention-api.js'
import { METRIC_LABELS } from './attention-api.js'

const SHOWN: MetricName[] = [
  'impressions',
  'views',
  'likes',
  'reposts',
  'shares',
  'replies',
  'quotes',
]

export function change(current: number | null, previous: number | null): string | null {
  if (current === null || previous === null) return null
  if (previous === 0) return current === 0 ? '±0' : 'new'
  const percent = Math.round(((current - previous) / previous) * 100)
  return `${percent > 0 ? '+' : ''}${percent}%`
}

export function Stat(props: {
  label: string
  value: string
  previous: string
  delta: string | null
  note?: string | null | undefined
}) {
  return (
    <Card withBorder radius="md" padding="sm" data-testid={`stat-${props.label}`}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {props.label}
      </Text>
      <Group gap={8} align="baseline">
        <Text fz={24} fw={700}>
          {props.value}
        </Text>
        {props.delta && (
          <Text size="sm" c={props.delta.startsWith('-') ? 'red' : 'teal'}>
            {props.delta}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        Previous period: {props.previous}
      </Text>
      {props.note && (
        <Text size="xs" c="dimmed" mt={2}>
          {props.note}
        </Text>
      )}
    </Card>
  )
}

const number = (value: number | null) => (value === null ? '—' : value.toLocaleString())
const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)}%`

function metricNote(totals: Totals, name: MetricName): string | null {
  const missing = totals.metrics[name].not_available
  if (totals.metrics[name].value === null && missing.length > 0) return missing.join('; ')
  return missing.length > 0 ? `${missing.join('; ')} (counted without them)` : null
}

/** The period's numbers against the period before, with what each network does not offer. */
export function TotalsCards({ data }: { data: EngagementAnalytics }) {
  const { totals, previous_totals: previous } = data
  const rates = [
    [
      'Engagement rate (÷ impressions)',
      totals.engagement_rate.by_impressions,
      previous.engagement_rate.by_impressions,
    ],
    [
      'Engagement rate (÷ followers)',
      totals.engagement_rate.by_followers,
      previous.engagement_rate.by_followers,
    ],
  ] as const
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
      <Stat
        label="Posts"
        value={number(totals.posts)}
        previous={number(previous.posts)}
        delta={change(totals.posts, previous.posts)}
      />
      <Stat
        label="Engagements"
        value={number(totals.engagements)}
        previous={number(previous.engagements)}
        delta={change(totals.engagements, previous.engagements)}
      />
      {rates.map(([label, rate, before]) => (
        <Tooltip
          key={label}
          label={rate?.description ?? 'No post of this period has this basis'}
          multiline
          w={280}
        >
          <div>
            <Stat
              label={label}
              value={percent(rate?.value)}
              previous={percent(before?.value)}
              delta={null}
              note={rate ? `${rate.posts} posts` : 'no post with this basis'}
            />
          </div>
        </Tooltip>
      ))}
      {SHOWN.map((name) => (
        <Stat
          key={name}
          label={METRIC_LABELS[name]}
          value={number(totals.metrics[name].value)}
          previous={number(previous.metrics[name].value)}
          delta={change(totals.metrics[name].value, previous.metrics[name].value)}
          note={metricNote(totals, name)}
        />
      ))}
    </SimpleGrid>
  )
}
