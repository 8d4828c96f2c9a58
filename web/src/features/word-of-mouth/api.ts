import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, patch, post, seg } from '../../api/client.js'
import { workspaceKey } from '../../api/workspaces.js'

export type RootKind = 'post' | 'link' | 'campaign'

export interface CascadeSummary {
  root: { kind: RootKind; id: string }
  size: number
  depth: number
  structural_virality: number
  visits: number
  customers: number
  revenue: number
}

export interface CascadeReport {
  root: { kind: RootKind; id: string }
  size: number
  depth: number
  generations: number[]
  max_breadth: number
  structural_virality: number
  viral_coefficients: number[]
  visits: number
  leads: number
  customers: number
  conversions: { total: number; revenue: number }
  excluded: { count: number; nodes: Array<{ id: string; reason: string; detail: string }> }
}

export interface TreeNode {
  id: string
  parent_id: string | null
  counted_parent_id: string | null
  generation: number
  contact: { id: string; name: string } | null
  source: string
  network: { network: string; kind: string; handle: string; name: string | null } | null
  created_at: string
  visits: number
  unique_visitors: number
  leads: number
  customers: number
  revenue: number
  excluded: { reason: string; detail: string } | null
  branch: {
    people_reached: number
    visits: number
    leads: number
    customers: number
    revenue: number
  } | null
}

export interface Advocate {
  sharer_key: string
  contact: { id: string; name: string } | null
  sharer: string
  share_links: number
  people_reached: number
  visitors: number
  leads: number
  customers: number
  revenue: number
}

export interface RewardRule {
  id: string
  name: string
  reward: string
  conditions: Array<{ metric: string; at_least: number }>
  active: boolean
  summary: string
}

export interface Reward {
  id: string
  rule: { id: string; name: string; reward: string }
  sharer_key: string
  sharer: string
  state: 'due' | 'given'
  reason: string
}

export interface MediaTotals {
  visits: number
  unique_visitors: number
  leads: number
  customers: number
  revenue: number
}

export interface MediaSplit {
  owned: MediaTotals
  earned: MediaTotals
  paid: MediaTotals
  earned_media_value: { value: number | null; method: string }
  rates: { cost_per_click: number | null; cpm: number | null; currency: string }
}

export interface Settings {
  cost_per_click: number | null
  cpm: number | null
  currency: string
}

const key = (workspaceId: string) => [...workspaceKey(workspaceId), 'word-of-mouth'] as const
const base = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}`
const rootPath = (root: { kind: RootKind; id: string }) => `${root.kind}/${seg(root.id)}`

export function useCascades(workspaceId: string) {
  return useQuery({
    queryKey: [...key(workspaceId), 'cascades'],
    queryFn: async () =>
      (await get<{ data: CascadeSummary[] }>(`${base(workspaceId)}/cascades`)).data,
  })
}

export function useCascade(workspaceId: string, root: { kind: RootKind; id: string } | null) {
  return useQuery({
    queryKey: [...key(workspaceId), 'cascade', root?.kind, root?.id],
    queryFn: async () => {
      const path = `${base(workspaceId)}/cascades/${rootPath(root!)}`
      const [report, tree] = await Promise.all([
        get<CascadeReport>(path),
        get<{ nodes: TreeNode[] }>(`${path}/tree`),
      ])
      return { report, nodes: tree.nodes }
    },
    enabled: root !== null,
  })
}

export function useAdvocates(workspaceId: string, root: { kind: RootKind; id: string } | null) {
  const query = new URLSearchParams({ limit: '10' })
  if (root) {
    query.set('root_kind', root.kind)
    query.set('root_id', root.id)
  }
  return useQuery({
    queryKey: [...key(workspaceId), 'advocates', root?.kind, root?.id],
    queryFn: async () =>
      (await get<{ data: Advocate[] }>(`${base(workspaceId)}/advocates?${query}`)).data,
  })
}

export function useRewards(workspaceId: string) {
  return useQuery({
    queryKey: [...key(workspaceId), 'rewards'],
    queryFn: async () => (await get<{ data: Reward[] }>(`${base(workspaceId)}/rewards`)).data,
  })
}

export function useRewardRules(workspaceId: string) {
  return useQuery({
    queryKey: [...key(workspaceId), 'rules'],
    queryFn: async () =>
      (await get<{ data: RewardRule[] }>(`${base(workspaceId)}/reward-rules`)).data,
  })
}

export function useMediaSplit(workspaceId: string) {
  return useQuery({
    queryKey: [...key(workspaceId), 'media'],
    queryFn: () => get<MediaSplit>(`${base(workspaceId)}/word-of-mouth/media`),
  })
}

export function useSettings(workspaceId: string) {
  return useQuery({
    queryKey: [...key(workspaceId), 'settings'],
    queryFn: () => get<Settings>(`${base(workspaceId)}/word-of-mouth/settings`),
  })
}

/** Everything on the screen depends on everything else: refresh it all after a change. */
function useRefresh(workspaceId: string) {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: key(workspaceId) })
}

export function useSaveSettings(workspaceId: string) {
  const refresh = useRefresh(workspaceId)
  return useMutation({
    mutationFn: (input: Partial<Settings>) =>
      patch<Settings>(`${base(workspaceId)}/word-of-mouth/settings`, input),
    onSettled: refresh,
  })
}

export function useCreateRule(workspaceId: string) {
  const refresh = useRefresh(workspaceId)
  return useMutation({
    mutationFn: (input: Omit<RewardRule, 'id' | 'active' | 'summary'>) =>
      post<RewardRule>(`${base(workspaceId)}/reward-rules`, input),
    onSettled: refresh,
  })
}

export function useMarkRewardGiven(workspaceId: string) {
  const refresh = useRefresh(workspaceId)
  return useMutation({
    mutationFn: (id: string) =>
      patch<Reward>(`${base(workspaceId)}/rewards/${seg(id)}`, { state: 'given' }),
    onSettled: refresh,
  })
}

export function useSyncReshares(workspaceId: string) {
  const refresh = useRefresh(workspaceId)
  return useMutation({
    mutationFn: (postId: string) =>
      post<{ added: number; channels: Array<{ handle: string; error: string | null }> }>(
        `${base(workspaceId)}/cascades/post/${seg(postId)}/network-reshares`,
      ),
    onSettled: refresh,
  })
}

const KIND_LABELS: Record<RootKind, string> = { post: 'Post', link: 'Link', campaign: 'Campaign' }
export const rootLabel = (root: { kind: RootKind; id: string }) =>
  `${KIND_LABELS[root.kind]} ${root.id}`
export const rootValue = (root: { kind: RootKind; id: string }) => `${root.kind}:${root.id}`
export function parseRoot(value: string | null): { kind: RootKind; id: string } | null {
  const at = value?.indexOf(':') ?? -1
  if (!value || at < 1) return null
  const kind = value.slice(0, at)
  if (kind !== 'post' && kind !== 'link' && kind !== 'campaign') return null
  return { kind, id: value.slice(at + 1) }
}
