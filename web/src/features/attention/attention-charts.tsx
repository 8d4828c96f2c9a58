import ReactEChartsCore from 'echarts-for-react/esm/core'
import { useMemo } from 'react'
import type { EngagementAnalytics } from './attention-api.js'
import { dayLabel, echarts, titleOf, useChartColors } from './chart-theme.js'

const STYLE = { height: 280, width: '100%' }

function axes(colors: ReturnType<typeof useChartColors>, days: string[], yName: string) {
  return {
    xAxis: {
      type: 'category',
      data: days,
      axisLabel: { color: colors.dimmed, hideOverlap: true },
      axisLine: { lineStyle: { color: colors.grid } },
    },
    yAxis: {
      type: 'value',
      name: yName,
      nameTextStyle: { color: colors.dimmed, align: 'left' },
      minInterval: 1,
      axisLabel: { color: colors.dimmed },
      splitLine: { lineStyle: { color: colors.grid } },
    },
  }
}

const common = (colors: ReturnType<typeof useChartColors>, title: string) => ({
  aria: { enabled: true },
  animationDuration: 300,
  title: titleOf(title, colors.text),
  legend: { right: 0, top: 0, textStyle: { color: colors.dimmed }, itemHeight: 8 },
  grid: { left: 8, right: 12, top: 56, bottom: 28, containLabel: true },
  tooltip: {
    trigger: 'axis',
    valueFormatter: (v: number | null) => (v === null ? '—' : v.toLocaleString()),
  },
})

/** Engagements per publishing day, this period against the one before (dashed). */
export function EngagementChart({ data }: { data: EngagementAnalytics }) {
  const colors = useChartColors()
  const option = useMemo(() => {
    const days = data.series.map((p) => dayLabel(p.day))
    const hasReach = data.series.some((p) => p.impressions !== null)
    return {
      ...common(colors, 'Engagements by day of publishing'),
      ...axes(colors, days, 'Engagements'),
      series: [
        {
          name: 'This period',
          type: 'line',
          data: data.series.map((p) => p.engagements),
          color: colors.primary,
          symbolSize: 5,
          areaStyle: { opacity: 0.08 },
        },
        {
          name: 'Previous period',
          type: 'line',
          data: data.previous_series.map((p) => p.engagements),
          color: colors.muted,
          symbolSize: 4,
          lineStyle: { type: 'dashed' },
        },
        ...(hasReach
          ? [
              {
                name: 'Posts',
                type: 'bar',
                data: data.series.map((p) => p.posts),
                color: colors.secondary,
                barMaxWidth: 12,
                itemStyle: { opacity: 0.35 },
              },
            ]
          : []),
      ],
    }
  }, [data, colors])
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={STYLE} />
}

/** Followers per channel per day, where the network reports them. */
export function FollowerChart({ data }: { data: EngagementAnalytics }) {
  const colors = useChartColors()
  const option = useMemo(() => {
    const days = [...new Set(data.followers.flatMap((c) => c.points.map((p) => p.day)))].sort()
    return {
      ...common(colors, 'Followers'),
      ...axes(colors, days.map(dayLabel), 'Followers'),
      yAxis: { ...axes(colors, [], '').yAxis, name: 'Followers', scale: true },
      series: data.followers
        .filter((c) => c.points.length > 0)
        .map((channel, index) => {
          const byDay = new Map(channel.points.map((p) => [p.day, p.followers]))
          return {
            name: `@${channel.handle}`,
            type: 'line',
            connectNulls: true,
            color: colors.palette[index % colors.palette.length],
            data: days.map((day) => byDay.get(day) ?? null),
          }
        }),
    }
  }, [data, colors])
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={STYLE} />
}

/** Posts per week (bars) against engagements per post (line). */
export function FrequencyChart({ data }: { data: EngagementAnalytics }) {
  const colors = useChartColors()
  const option = useMemo(() => {
    const weeks = data.frequency.map((w) => `Week of ${dayLabel(w.week)}`)
    return {
      ...common(colors, 'Posting frequency against engagement'),
      xAxis: axes(colors, weeks, '').xAxis,
      yAxis: [
        { ...axes(colors, [], 'Posts').yAxis },
        {
          ...axes(colors, [], 'Engagements per post').yAxis,
          minInterval: 0,
          splitLine: { show: false },
        },
      ],
      series: [
        {
          name: 'Posts',
          type: 'bar',
          data: data.frequency.map((w) => w.posts),
          color: colors.secondary,
          barMaxWidth: 28,
        },
        {
          name: 'Engagements per post',
          type: 'line',
          yAxisIndex: 1,
          data: data.frequency.map((w) =>
            w.engagements_per_post === null ? null : Math.round(w.engagements_per_post * 10) / 10,
          ),
          color: colors.primary,
        },
      ],
    }
  }, [data, colors])
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={STYLE} />
}

/** Clicks and earned visits per day, this period against the one before (dashed). */
export function TrafficChart({ data }: { data: EngagementAnalytics }) {
  const colors = useChartColors()
  const option = useMemo(() => {
    const { series, previous_series: previous } = data.outcomes
    return {
      ...common(colors, 'Clicks by day'),
      ...axes(
        colors,
        series.map((p) => dayLabel(p.day)),
        'Clicks',
      ),
      series: [
        {
          name: 'Clicks',
          type: 'line',
          data: series.map((p) => p.clicks),
          color: colors.primary,
          symbolSize: 5,
          areaStyle: { opacity: 0.08 },
        },
        {
          name: 'Clicks, previous period',
          type: 'line',
          data: previous.map((p) => p.clicks),
          color: colors.muted,
          symbolSize: 4,
          lineStyle: { type: 'dashed' },
        },
        {
          name: 'Earned visits',
          type: 'bar',
          data: series.map((p) => p.earned_visits),
          color: colors.secondary,
          barMaxWidth: 12,
        },
        {
          name: 'Leads and sales',
          type: 'bar',
          data: series.map((p) => p.leads + p.sales),
          color: colors.palette[2 % colors.palette.length],
          barMaxWidth: 12,
        },
      ],
    }
  }, [data, colors])
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={STYLE} />
}
