import { useComputedColorScheme, useMantineTheme } from '@mantine/core'
import { LineChart } from 'echarts/charts'
import {
  AriaComponent,
  GridComponent,
  MarkAreaComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import ReactEChartsCore from 'echarts-for-react/esm/core'
import { useMemo } from 'react'
import type { SiteCheck } from './site-check-api.js'

// Only what this chart uses, so the chunk stays small.
echarts.use([
  LineChart,
  GridComponent,
  TooltipComponent,
  TitleComponent,
  MarkAreaComponent,
  AriaComponent,
  CanvasRenderer,
])

const when = (iso: string) =>
  new Intl.DateTimeFormat(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))

/** The score of each finished run of one site, oldest to newest, with its counts in the tooltip. */
export function ScoreChart({ runs, site }: { runs: SiteCheck[]; site: string }) {
  const theme = useMantineTheme()
  const dark = useComputedColorScheme('light') === 'dark'

  const option = useMemo(() => {
    const text = dark ? theme.colors.dark[0] : theme.colors.gray[8]
    const dimmed = dark ? theme.colors.dark[2] : theme.colors.gray[6]
    const grid = dark ? theme.colors.dark[4] : theme.colors.gray[2]
    const points = runs
      .filter((run) => run.status === 'done' && run.score !== null)
      .slice()
      .reverse()
    return {
      aria: { enabled: true },
      animationDuration: 300,
      title: {
        text: `Score over time: ${site}`,
        left: 0,
        textStyle: { fontSize: 14, fontWeight: 600, color: text },
      },
      grid: { left: 8, right: 12, top: 44, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: (params: Array<{ dataIndex: number }>) => {
          const run = points[params[0]?.dataIndex ?? 0]
          if (!run) return ''
          return `${when(run.created_at)}<br/>Score <b>${run.score}</b><br/>${run.counts.error} errors, ${run.counts.warning} warnings, ${run.counts.info} info`
        },
      },
      xAxis: {
        type: 'category',
        data: points.map((run) => when(run.created_at)),
        axisLabel: { color: dimmed, hideOverlap: true },
        axisLine: { lineStyle: { color: grid } },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: 100,
        name: 'Score',
        nameTextStyle: { color: dimmed, align: 'left' },
        axisLabel: { color: dimmed },
        splitLine: { lineStyle: { color: grid } },
      },
      series: [
        {
          name: 'Score',
          type: 'line',
          data: points.map((run) => run.score),
          symbolSize: 7,
          color: theme.colors.indigo[dark ? 4 : 7],
          areaStyle: { opacity: 0.08 },
          // Bands say what a score means at a glance: under 50 needs work, 90 and up is good.
          markArea: {
            silent: true,
            data: [
              [{ yAxis: 0, itemStyle: { color: 'rgba(250, 82, 82, 0.06)' } }, { yAxis: 50 }],
              [{ yAxis: 90, itemStyle: { color: 'rgba(64, 192, 87, 0.08)' } }, { yAxis: 100 }],
            ],
          },
        },
      ],
    }
  }, [runs, site, dark, theme])

  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height: 240, width: '100%' }}
      opts={{ renderer: 'canvas' }}
    />
  )
}
