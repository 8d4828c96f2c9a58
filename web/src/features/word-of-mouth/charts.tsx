import { useComputedColorScheme, useMantineTheme } from '@mantine/core'
import { BarChart, ScatterChart, TreeChart } from 'echarts/charts'
import { AriaComponent, GridComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import ReactEChartsCore from 'echarts-for-react/esm/core'
import { useMemo } from 'react'
import type { CascadeSummary, TreeNode } from './api.js'

// Only what these charts use, so the chunk stays small.
echarts.use([
  TreeChart,
  BarChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  TitleComponent,
  AriaComponent,
  CanvasRenderer,
])

function useColors() {
  const theme = useMantineTheme()
  const dark = useComputedColorScheme('light') === 'dark'
  return {
    text: dark ? theme.colors.dark[0] : theme.colors.gray[8],
    dimmed: dark ? theme.colors.dark[2] : theme.colors.gray[6],
    grid: dark ? theme.colors.dark[4] : theme.colors.gray[2],
    main: theme.colors.indigo[dark ? 4 : 7],
    earned: theme.colors.teal[dark ? 4 : 7],
    network: theme.colors.grape[dark ? 4 : 6],
    excluded: theme.colors.gray[dark ? 6 : 4],
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** How a node is named in the tree: the contact, the network handle, or an anonymous visitor. */
export function nodeLabel(node: TreeNode): string {
  if (node.parent_id === null) return 'Original'
  if (node.contact) return node.contact.name || 'Contact'
  if (node.network) return `@${node.network.handle}`
  return 'Visitor'
}

interface EChartsTreeItem {
  name: string
  id: string
  value: number
  children: EChartsTreeItem[]
  itemStyle: { color: string; borderColor: string }
  label: { color: string }
  tooltipHtml: string
}

/**
 * The share tree, root on the left, zoomable and draggable. Each node is one share link or
 * network reshare; its size grows with the people reached through it. Clicking a node selects it.
 */
export function CascadeTreeChart({
  nodes,
  onSelect,
}: {
  nodes: TreeNode[]
  onSelect: (node: TreeNode) => void
}) {
  const colors = useColors()
  const option = useMemo(() => {
    const items = new Map<string, EChartsTreeItem>()
    for (const node of nodes) {
      const color = node.excluded
        ? colors.excluded
        : node.network
          ? colors.network
          : node.generation === 0
            ? colors.main
            : colors.earned
      const reached = node.branch?.people_reached ?? 0
      items.set(node.id, {
        name: nodeLabel(node),
        id: node.id,
        value: reached,
        children: [],
        itemStyle: { color, borderColor: color },
        label: { color: colors.text },
        tooltipHtml: [
          `<strong>${escapeHtml(nodeLabel(node))}</strong> · generation ${node.generation}`,
          node.network ? `${node.network.kind} on ${node.network.network}` : '',
          `${node.visits} visits · ${node.leads} leads · ${node.customers} customers`,
          node.branch ? `Branch: ${node.branch.people_reached} people reached` : '',
          node.excluded ? `Left out: ${escapeHtml(node.excluded.detail)}` : '',
        ]
          .filter(Boolean)
          .join('<br>'),
      })
    }
    let root: EChartsTreeItem | undefined
    for (const node of nodes) {
      const item = items.get(node.id)!
      const parent = node.parent_id ? items.get(node.parent_id) : undefined
      if (parent) parent.children.push(item)
      else root ??= item
    }
    const depth = Math.max(1, ...nodes.map((n) => n.generation))
    return {
      aria: { enabled: true, label: { description: `Share tree with ${nodes.length} nodes` } },
      tooltip: {
        trigger: 'item',
        formatter: (params: { data: EChartsTreeItem }) => params.data.tooltipHtml,
      },
      series: [
        {
          type: 'tree',
          data: root ? [root] : [],
          roam: true,
          top: 16,
          bottom: 16,
          left: 80,
          right: 120,
          orient: 'LR',
          initialTreeDepth: Math.min(depth, 6),
          expandAndCollapse: false,
          symbolSize: (value: number) => Math.min(28, 8 + Math.sqrt(value) * 4),
          label: { position: 'left', verticalAlign: 'middle', align: 'right', fontSize: 12 },
          leaves: { label: { position: 'right', align: 'left' } },
          lineStyle: { color: colors.grid, width: 1.5, curveness: 0.4 },
          animationDuration: 300,
        },
      ],
    }
  }, [nodes, colors])
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes])
  const height = Math.max(260, Math.min(900, 40 + nodes.length * 26))
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height, width: '100%' }}
      opts={{ renderer: 'canvas' }}
      onEvents={{
        click: (params: { data?: { id?: string } }) => {
          const node = params.data?.id ? byId.get(params.data.id) : undefined
          if (node) onSelect(node)
        },
      }}
    />
  )
}

/** People per generation: generation 0 is the post, 1 came straight from it, and so on. */
export function GenerationsChart({ generations }: { generations: number[] }) {
  const colors = useColors()
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      title: {
        text: 'People per generation',
        left: 0,
        textStyle: { fontSize: 14, fontWeight: 600, color: colors.text },
      },
      grid: { left: 8, right: 12, top: 48, bottom: 28, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        name: 'Generation',
        nameLocation: 'middle',
        nameGap: 28,
        nameTextStyle: { color: colors.dimmed },
        data: generations.map((_, g) => String(g)),
        axisLabel: { color: colors.dimmed },
        axisLine: { lineStyle: { color: colors.grid } },
      },
      yAxis: {
        type: 'value',
        name: 'People',
        minInterval: 1,
        nameTextStyle: { color: colors.dimmed, align: 'left' },
        axisLabel: { color: colors.dimmed },
        splitLine: { lineStyle: { color: colors.grid } },
      },
      series: [{ name: 'People', type: 'bar', data: generations, color: colors.earned }],
    }),
    [generations, colors],
  )
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

/**
 * Every cascade as a dot: size across, structural virality up. Broadcasts sit low (about 2),
 * person-to-person spread climbs, whatever the size.
 */
export function ViralityScatter({
  cascades,
  label,
}: {
  cascades: CascadeSummary[]
  label: (c: CascadeSummary) => string
}) {
  const colors = useColors()
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      title: {
        text: 'Structural virality vs size',
        left: 0,
        textStyle: { fontSize: 14, fontWeight: 600, color: colors.text },
      },
      grid: { left: 8, right: 16, top: 48, bottom: 28, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (params: { data: [number, number, string] }) =>
          `${escapeHtml(params.data[2])}<br>${params.data[0]} people · virality ${params.data[1].toFixed(2)}`,
      },
      xAxis: {
        type: 'value',
        name: 'People reached (size)',
        nameLocation: 'middle',
        nameGap: 28,
        minInterval: 1,
        nameTextStyle: { color: colors.dimmed },
        axisLabel: { color: colors.dimmed },
        splitLine: { lineStyle: { color: colors.grid } },
      },
      yAxis: {
        type: 'value',
        name: 'Structural virality',
        nameTextStyle: { color: colors.dimmed, align: 'left' },
        axisLabel: { color: colors.dimmed },
        splitLine: { lineStyle: { color: colors.grid } },
      },
      series: [
        {
          type: 'scatter',
          symbolSize: 12,
          color: colors.main,
          data: cascades.map((c) => [c.size, Number(c.structural_virality.toFixed(3)), label(c)]),
        },
      ],
    }),
    [cascades, label, colors],
  )
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height: 260, width: '100%' }}
      opts={{ renderer: 'canvas' }}
    />
  )
}
