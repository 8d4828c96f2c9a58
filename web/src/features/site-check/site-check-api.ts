import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, get, getAll, post, seg } from '../../api/client.js'
import { workspaceKey } from '../../api/workspaces.js'

export type Severity = 'error' | 'warning' | 'info'

/** One run of the site check, as GET /site-checks lists it (docs/site-check.md). */
export interface SiteCheck {
  id: string
  site_url: string
  home_url: string | null
  status: 'running' | 'done' | 'failed'
  max_pages: number
  progress: { done: number; total: number }
  score: number | null
  counts: Record<Severity, number>
  pages_checked: number
  not_checked: number
  failure: string | null
  started_by: string | null
  created_at: string
  finished_at: string | null
}

export interface SiteCheckFinding {
  rule_id: string
  severity: Severity
  page_url: string
  message: string
  why: string
  fix: string
  subject: string | null
  is_new: boolean
}

export interface SiteCheckDetail extends SiteCheck {
  pages: Array<{
    url: string
    status: number
    title: string | null
    bytes: number
    first_byte_ms: number | null
    findings: number
  }>
  findings: SiteCheckFinding[]
  comparison: {
    previous_id: string
    previous_score: number | null
    added: number
    fixed: Array<Omit<SiteCheckFinding, 'is_new'>>
  } | null
}

const checksKey = (workspaceId: string) => [...workspaceKey(workspaceId), 'site-checks'] as const
const checksPath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}/site-checks`

/** Every run, newest first: the history and the score chart. Polled while one runs. */
export function useSiteChecks(workspaceId: string) {
  return useQuery({
    queryKey: [...checksKey(workspaceId), 'list'],
    queryFn: () => getAll<SiteCheck>(`${checksPath(workspaceId)}?limit=200`),
    refetchInterval: (query) =>
      query.state.data?.some((check) => check.status === 'running') ? 1500 : false,
  })
}

/** One run; asked again every second while it runs, for the progress bar. */
export function useSiteCheck(workspaceId: string, id: string | null) {
  return useQuery({
    queryKey: [...checksKey(workspaceId), 'one', id],
    queryFn: () => get<SiteCheckDetail>(`${checksPath(workspaceId)}/${seg(id ?? '')}`),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  })
}

export function useStartSiteCheck(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { url?: string; max_pages?: number }) =>
      post<SiteCheck>(checksPath(workspaceId), input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: checksKey(workspaceId) }),
  })
}

export function useDeleteSiteCheck(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => del(`${checksPath(workspaceId)}/${seg(id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: checksKey(workspaceId) }),
  })
}
