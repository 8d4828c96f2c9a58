import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, get, post, put, seg } from '../../api/client.js'
import { workspaceKey } from '../../api/workspaces.js'

export interface DigestSettings {
  enabled: boolean
  frequency: 'weekly' | 'monthly'
  day: number
  time: string
  time_zone: string
  member_ids: string[]
  addresses: string[]
  next_due_at: string | null
  send_requested_at: string | null
  last_sent_at: string | null
  last_error: string | null
  email_configured: boolean
}

export type DigestInput = Pick<
  DigestSettings,
  'enabled' | 'frequency' | 'day' | 'time' | 'member_ids' | 'addresses'
>

export interface ReportLink {
  id: string
  label: string | null
  period_from: string
  period_to: string
  created_at: string
  expires_at: string | null
  revoked_at: string | null
  views: number
  state: 'active' | 'expired' | 'revoked'
}

const base = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}`
const digestKey = (workspaceId: string) => [...workspaceKey(workspaceId), 'digest'] as const
const linksKey = (workspaceId: string) => [...workspaceKey(workspaceId), 'report-links'] as const

export function useDigest(workspaceId: string) {
  return useQuery({
    queryKey: digestKey(workspaceId),
    queryFn: () => get<DigestSettings>(`${base(workspaceId)}/digest`),
  })
}

export function useSaveDigest(workspaceId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: DigestInput) => put<DigestSettings>(`${base(workspaceId)}/digest`, input),
    onSuccess: (data) => client.setQueryData(digestKey(workspaceId), data),
  })
}

export function useSendDigestNow(workspaceId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => post<DigestSettings>(`${base(workspaceId)}/digest/send`),
    onSuccess: (data) => client.setQueryData(digestKey(workspaceId), data),
  })
}

export function useReportLinks(workspaceId: string) {
  return useQuery({
    queryKey: linksKey(workspaceId),
    queryFn: () => get<{ data: ReportLink[] }>(`${base(workspaceId)}/report-links`),
  })
}

export function useCreateReportLink(workspaceId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: {
      from: string
      to: string
      label: string | null
      expires_in_days: number | null
    }) => post<ReportLink & { url: string }>(`${base(workspaceId)}/report-links`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: linksKey(workspaceId) }),
  })
}

export function useRevokeReportLink(workspaceId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => del(`${base(workspaceId)}/report-links/${seg(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: linksKey(workspaceId) }),
  })
}
