import { SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { AttentionOutcomes, EngagementAnalytics } from './attention-api.js'
import { change, Stat } from './totals-cards.js'

const number = (value: number) => value.toLocaleString()

/** "€124.50 + $10.00" from minor units per currency; "—" for none. */
export function revenueText(revenue: Record<string, number>): string {
  const parts = Object.entries(revenue)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => {
      try {
        return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100)
      } catch {
        return `${currency} ${(minor / 100).toFixed(2)}`
      }
    })
  return parts.length === 0 ? '—' : parts.join(' + ')
}

const revenueTotal = (revenue: Record<string, number>) =>
  Object.values(revenue).reduce((sum, value) => sum + value, 0)

/** Traffic, conversions and word of mouth of the period against the period before. */
export function OutcomeCards({ data }: { data: EngagementAnalytics }) {
  const o: AttentionOutcomes = data.outcomes
  const t = o.traffic
  const pt = o.previous_traffic
  const w = o.word_of_mouth
  const pw = o.previous_word_of_mouth
  const oneCurrency = Object.keys(t.revenue).length <= 1 && Object.keys(pt.revenue).length <= 1
  const stat = (label: string, now: number, before: number, note?: string) => (
    <Stat
      label={label}
      value={number(now)}
      previous={number(before)}
      delta={change(now, before)}
      note={note}
    />
  )
  return (
    <Stack gap="xs">
      <Title order={4}>What it brought</Title>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
        {stat('Clicks', t.clicks, pt.clicks, 'people on your tracked links, bots left out')}
        {stat('Unique visitors', t.unique_clicks, pt.unique_clicks, 'once per link and hour')}
        {stat('Leads', t.leads, pt.leads)}
        {stat('Sales', t.sales, pt.sales)}
        <Stat
          label="Revenue"
          value={revenueText(t.revenue)}
          previous={revenueText(pt.revenue)}
          delta={oneCurrency ? change(revenueTotal(t.revenue), revenueTotal(pt.revenue)) : null}
        />
        {stat(
          'Shares',
          w.shares,
          pw.shares,
          w.network_reshares > 0
            ? `${w.network_reshares} as reposts on a network`
            : 'people who passed it on',
        )}
        {stat('Earned visits', w.earned_visits, pw.earned_visits, 'through people’s share links')}
        <Stat
          label="Generations"
          value={w.generations.length === 0 ? '—' : String(w.generations.length)}
          previous={pw.generations.length === 0 ? '—' : String(pw.generations.length)}
          delta={null}
          note={
            w.generations.length > 0 ? `shares per generation: ${w.generations.join(', ')}` : null
          }
        />
        {stat('Cascades', w.cascades, pw.cascades, 'posts, links or campaigns passed on')}
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Links: {o.links_in_scope}. {o.attribution}
      </Text>
    </Stack>
  )
}
