import { useComputedColorScheme, useMantineTheme } from '@mantine/core'
import { FunnelChart as EchartsFunnel } from 'echarts/charts'
import { AriaComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import ReactEChartsCore from 'echarts-for-react/esm/core'
import { useMemo } from 'react'
import type { TrafficOverview } from './traffic-api.js'

echarts.use([EchartsFunnel, TitleComponent, TooltipComponent, AriaComponent, CanvasRenderer])

/** Published posts → clicks → leads → customers, with the rate from one step to the next on hover. */
export function FunnelChart({ funnel }: { funnel: TrafficOverview['funnel'] }) {
  const theme = useMantineTheme()
  const dark = useComputedColorScheme('light') === 'dark'
  const option = useMemo(() => {
    const text = dark ? theme.colors.dark[0] : theme.colors.gray[8]
    const stages = [
      { name: 'Published posts', value: funnel.published_posts, color: 'gray', of: null },
      { name: 'Clicks', value: funnel.clicks, color: 'indigo', of: null },
      { name: 'Leads', value: funnel.leads, color: 'teal', of: funnel.unique_clicks },
      { name: 'Customers', value: funnel.customers, color: 'orange', of: funnel.leads },
    ]
    // Counts differ by orders of magnitude (and posts are fewer than clicks): the shape is a
    // fixed staircase, the numbers and the step-to-step rates are in the labels.
    const share = (value: number, of: number | null, basis: string) =>
      of ? ` (${((value / of) * 100).toFixed(1)}% of ${basis})` : ''
    const bases = ['', '', 'unique visitors', 'leads']
    return {
      aria: { enabled: true },
      animationDuration: 300,
      title: {
        text: 'From posts to customers',
        left: 0,
        textStyle: { fontSize: 14, fontWeight: 600, color: text },
      },
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; data: { real: number; rate: string } }) =>
          `${p.name}: ${p.data.real.toLocaleString()}${p.data.rate}`,
      },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          top: 40,
          bottom: 8,
          left: '10%',
          width: '80%',
          min: 0,
          max: stages.length,
          minSize: '25%',
          gap: 4,
          label: {
            position: 'inside',
            color: '#fff',
            formatter: (p: { name: string; data: { real: number } }) =>
              `${p.name}: ${p.data.real.toLocaleString()}`,
          },
          data: stages.map((stage, i) => ({
            name: stage.name,
            value: stages.length - i,
            real: stage.value,
            rate: share(stage.value, stage.of, bases[i] ?? ''),
            itemStyle: { color: theme.colors[stage.color]?.[dark ? 5 : 7] },
          })),
        },
      ],
    }
  }, [funnel, dark, theme])
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
