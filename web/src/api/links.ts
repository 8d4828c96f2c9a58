import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, getAll, patch, post, seg } from './client.js'
import type { CreateLinkInput, Link, LinkState, LinkStats, UpdateLinkInput } from './link-types.js'
import { workspaceKey } from './workspaces.js'

export const linksKey = (workspaceId: string) => [...workspaceKey(workspaceId), 'links'] as const

export const linksPath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}/links`

export function useLinks(workspaceId: string, filter: { state: LinkState; q: string }) {
  const query = new URLSearchParams({ limit: '100', state: filter.state })
  if (filter.q.trim()) query.set('q', filter.q.trim())
  return useQuery({
    queryKey: [...linksKey(workspaceId), 'list', filter.state, filter.q.trim()],
    queryFn: () => getAll<Link>(`${linksPath(workspaceId)}?${query}`),
    placeholderData: keepPreviousData,
  })
}

/** Whether the workspace has any tracked link, archived ones included (the checklist). */
export function useHasLink(workspaceId: string) {
  return useQuery({
    queryKey: [...linksKey(workspaceId), 'any'],
    queryFn: async () =>
      (await get<{ data: Link[] }>(`${linksPath(workspaceId)}?limit=1&state=all`)).data.length > 0,
  })
}

export function useLink(workspaceId: string, linkId: string | null) {
  return useQuery({
    queryKey: [...linksKey(workspaceId), 'one', linkId],
    queryFn: () => get<Link>(`${linksPath(workspaceId)}/${seg(linkId ?? '')}`),
    enabled: Boolean(linkId),
  })
}

export function useLinkStats(
  workspaceId: string,
  linkId: string | null,
  period: { from: string; to: string },
) {
  return useQuery({
    queryKey: [...linksKey(workspaceId), 'stats', linkId, period.from, period.to],
    queryFn: () =>
      get<LinkStats>(
        `${linksPath(workspaceId)}/${seg(linkId ?? '')}/stats?interval=day&from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`,
      ),
    enabled: Boolean(linkId),
    placeholderData: keepPreviousData,
  })
}

export function useCreateLink(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: CreateLinkInput) => post<Link>(linksPath(workspaceId), input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: linksKey(workspaceId) }),
  })
}

export function useUpdateLink(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ linkId, ...input }: UpdateLinkInput & { linkId: string }) =>
      patch<Link>(`${linksPath(workspaceId)}/${seg(linkId)}`, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: linksKey(workspaceId) }),
  })
}

export const qrPath = (workspaceId: string, linkId: string, format: 'svg' | 'png') =>
  `${linksPath(workspaceId)}/${seg(linkId)}/qr.${format}`
