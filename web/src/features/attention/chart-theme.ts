import { useComputedColorScheme, useMantineTheme } from '@mantine/core'
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

// Only what the Attention charts use, so the chunk stays small.
echarts.use([
  LineChart,
  BarChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  TitleComponent,
  LegendComponent,
  VisualMapComponent,
  AriaComponent,
  CanvasRenderer,
])

export { echarts }

/** Colours of the current scheme, shared by every chart of the screen. */
export function useChartColors() {
  const theme = useMantineTheme()
  const dark = useComputedColorScheme('light') === 'dark'
  return {
    dark,
    text: dark ? theme.colors.dark[0] : theme.colors.gray[8],
    dimmed: dark ? theme.colors.dark[2] : theme.colors.gray[6],
    grid: dark ? theme.colors.dark[4] : theme.colors.gray[2],
    primary: theme.colors.indigo[dark ? 4 : 7],
    secondary: theme.colors.teal[dark ? 4 : 7],
    muted: theme.colors.gray[dark ? 6 : 5],
    palette: ['indigo', 'teal', 'orange', 'grape', 'cyan', 'red', 'lime'].map(
      (name) => theme.colors[name]?.[dark ? 4 : 7] ?? theme.colors.gray[6],
    ),
  }
}

export const dayLabel = (date: string) =>
  new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  )

export const titleOf = (text: string, color: string) => ({
  text,
  left: 0,
  textStyle: { fontSize: 14, fontWeight: 600, color },
})
