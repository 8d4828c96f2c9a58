import { Alert, Card, Group, List, Stack, Text } from '@mantine/core'
import ReactEChartsCore from 'echarts-for-react/esm/core'
import { useMemo } from 'react'
import type { BestTime, BestTimeCell } from './attention-api.js'
import { echarts, titleOf, useChartColors } from './chart-theme.js'

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`

function score(best: BestTime, value: number | null): string {
  if (value === null) return '—'
  return best.measure === 'engagement_rate'
    ? `${(value * 100).toFixed(1)}% engagement rate`
    : `${value.toLocaleString()} engagements`
}

const slot = (best: BestTime, cell: BestTimeCell) =>
  `${WEEKDAYS[cell.weekday - 1]} ${hourLabel(cell.hour)} — median ${score(best, cell.median)} over ${cell.posts} posts`

/** The weekly heat map: weekday × hour, thin cells greyed out, with the suggested slots. */
export function BestTimeHeatmap({ best }: { best: BestTime }) {
  const colors = useChartColors()
  const option = useMemo(() => {
    const trusted = best.cells.filter((c) => c.enough && c.median !== null)
    const max = Math.max(0, ...trusted.map((c) => c.median as number))
    return {
      aria: { enabled: true },
      title: titleOf(`Best time to post (${best.time_zone})`, colors.text),
      grid: { left: 8, right: 12, top: 48, bottom: 56, containLabel: true },
      tooltip: {
        formatter: (p: { data: [number, number, number | null, number, number] }) => {
          const [hour, row, median, posts, enough] = p.data
          const day = WEEKDAYS[row] ?? ''
          if (posts === 0) return `${day} ${hourLabel(hour)}: no post yet`
          const thin = enough ? '' : ` (fewer than ${best.min_posts} posts: not enough to trust)`
          return `${day} ${hourLabel(hour)}: median ${score(best, median)}, ${posts} post${posts === 1 ? '' : 's'}${thin}`
        },
      },
      xAxis: {
        type: 'category',
        data: Array.from({ length: 24 }, (_, h) => hourLabel(h)),
        axisLabel: { color: colors.dimmed },
        splitArea: { show: true },
      },
      yAxis: {
        type: 'category',
        data: WEEKDAYS,
        inverse: true,
        axisLabel: { color: colors.dimmed },
      },
      visualMap: {
        min: 0,
        max: max || 1,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        dimension: 2,
        seriesIndex: 0,
        inRange: { color: ['#e0e7ff', colors.primary] },
        textStyle: { color: colors.dimmed },
        formatter: (v: number) =>
          best.measure === 'engagement_rate' ? `${(v * 100).toFixed(1)}%` : v.toFixed(0),
      },
      series: [
        {
          name: 'Trusted',
          type: 'heatmap',
          data: best.cells
            .filter((c) => c.enough)
            .map((c) => [c.hour, c.weekday - 1, c.median, c.posts, 1]),
          label: { show: false },
        },
        {
          name: 'Too few posts',
          type: 'heatmap',
          data: best.cells
            .filter((c) => !c.enough && c.posts > 0)
            .map((c) => [c.hour, c.weekday - 1, c.median, c.posts, 0]),
          itemStyle: { color: colors.grid },
        },
      ],
    }
  }, [best, colors])

  return (
    <Card withBorder radius="md" padding="md" data-testid="best-time">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 320 }} />
      <Stack gap={6} mt="sm">
        <Text size="sm" c="dimmed">
          {best.computation}
        </Text>
        {best.has_history ? (
          <>
            <Text size="sm" fw={600}>
              Suggested queue slots
            </Text>
            <List size="sm">
              {best.suggested.map((cell) => (
                <List.Item key={`${cell.weekday}-${cell.hour}`}>{slot(best, cell)}</List.Item>
              ))}
            </List>
          </>
        ) : (
          <Alert color="gray" title="Not enough history yet">
            <Text size="sm">
              Your own posts do not yet say when your audience answers: each hour needs at least{' '}
              {best.min_posts} published posts with numbers. Until then, these general times are a
              starting point:
            </Text>
            <List size="sm" mt={4}>
              {best.general_recommendations.map((r) => (
                <List.Item key={r.network}>
                  <Group gap={6}>
                    <Text size="sm">{r.times}</Text>
                    <Text size="xs" c="dimmed">
                      ({r.label})
                    </Text>
                  </Group>
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
    </Card>
  )
}
