import { useComputedColorScheme, useMantineTheme } from '@mantine/core'
import { LineChart } from 'echarts/charts'
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import ReactEChartsCore from 'echarts-for-react/esm/core'
import { useMemo } from 'react'
import type { LinkStats } from '../../api/link-types.js'

// Only what this chart uses, so the chunk stays small.
echarts.use([
  LineChart,
  GridComponent,
  TooltipComponent,
  TitleComponent,
  LegendComponent,
  AriaComponent,
  CanvasRenderer,
])

const dayLabel = (date: string) =>
  new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  )

/** Clicks and unique clicks per day, with exact numbers in the tooltip. */
export function ClicksChart({ stats, title }: { stats: LinkStats; title: string }) {
  const theme = useMantineTheme()
  const scheme = useComputedColorScheme('light')
  const dark = scheme === 'dark'

  const option = useMemo(() => {
    const text = dark ? theme.colors.dark[0] : theme.colors.gray[8]
    const dimmed = dark ? theme.colors.dark[2] : theme.colors.gray[6]
    const grid = dark ? theme.colors.dark[4] : theme.colors.gray[2]
    const days = stats.series.map((row) => (row.date ? dayLabel(row.date) : String(row.start)))
    return {
      aria: { enabled: true },
      animationDuration: 300,
      title: {
        text: title,
        left: 0,
        textStyle: { fontSize: 14, fontWeight: 600, color: text },
      },
      legend: { right: 0, top: 0, textStyle: { color: dimmed }, itemHeight: 8 },
      grid: { left: 8, right: 12, top: 56, bottom: 28, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: number) => value.toLocaleString(),
      },
      xAxis: {
        type: 'category',
        data: days,
        name: 'Day',
        nameLocation: 'middle',
        nameGap: 28,
        nameTextStyle: { color: dimmed },
        axisLabel: { color: dimmed, hideOverlap: true },
        axisLine: { lineStyle: { color: grid } },
      },
      yAxis: {
        type: 'value',
        name: 'Clicks',
        nameTextStyle: { color: dimmed, align: 'left' },
        minInterval: 1,
        axisLabel: { color: dimmed },
        splitLine: { lineStyle: { color: grid } },
      },
      series: [
        {
          name: 'Clicks',
          type: 'line',
          data: stats.series.map((row) => row.clicks),
          smooth: false,
          symbolSize: 5,
          color: theme.colors.indigo[dark ? 4 : 7],
          areaStyle: { opacity: 0.08 },
        },
        {
          name: 'Unique clicks',
          type: 'line',
          data: stats.series.map((row) => row.unique_clicks),
          symbolSize: 4,
          color: theme.colors.teal[dark ? 4 : 7],
          lineStyle: { type: 'dashed' },
        },
      ],
    }
  }, [stats, title, dark, theme])

  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height: 280, width: '100%' }}
      opts={{ renderer: 'canvas' }}
    />
  )
}
