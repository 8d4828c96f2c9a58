import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, post, put, seg } from './client.js'
import type { PageSettings, PageSettingsInput } from './page-types.js'
import { workspaceKey } from './workspaces.js'

export const pageKey = (workspaceId: string) => [...workspaceKey(workspaceId), 'page'] as const

const pagePath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}/page`

export function usePageSettings(workspaceId: string) {
  return useQuery({
    queryKey: pageKey(workspaceId),
    queryFn: () => get<PageSettings>(pagePath(workspaceId)),
  })
}

export function useSavePage(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: PageSettingsInput) => put<PageSettings>(pagePath(workspaceId), input),
    onSuccess: (saved) => queryClient.setQueryData(pageKey(workspaceId), saved),
    // The slug is also the workspace's slug, and links become tracked links.
    onSettled: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) }),
  })
}

/**
 * The page rendered with unsaved settings. `body` is already debounced by the caller; a refused
 * body keeps the last good preview on screen.
 */
export function usePagePreview(workspaceId: string, body: PageSettingsInput | null) {
  return useQuery({
    queryKey: [...pageKey(workspaceId), 'preview', body],
    queryFn: () => post<{ html: string }>(`${pagePath(workspaceId)}/preview`, body),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  })
}
