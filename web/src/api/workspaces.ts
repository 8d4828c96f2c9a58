import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, getAll, isApiError, patch, post, seg } from './client.js'
import type { Workspace } from './types.js'

export const workspacesKey = ['workspaces'] as const
export const workspaceKey = (workspaceId: string) => ['workspace', workspaceId] as const

export function useWorkspaces() {
  return useQuery({
    queryKey: workspacesKey,
    queryFn: () => getAll<Workspace>('/api/v1/workspaces'),
  })
}

export function useWorkspace(workspaceId: string) {
  return useQuery({
    queryKey: workspaceKey(workspaceId),
    queryFn: () => get<Workspace>(`/api/v1/workspaces/${seg(workspaceId)}`),
    retry: (count, error) => count < 2 && !(isApiError(error) && error.status < 500),
  })
}

export function useCreateWorkspace() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { name: string; time_zone: string }) =>
      post<Workspace>('/api/v1/workspaces', input),
    onSuccess: async (workspace) => {
      queryClient.setQueryData(workspaceKey(workspace.id), workspace)
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: workspacesKey }),
        queryClient.invalidateQueries({ queryKey: ['session'] }),
      ])
    },
  })
}

export function useUpdateWorkspace(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { name?: string; time_zone?: string; logo_media_id?: string | null }) =>
      patch<Workspace>(`/api/v1/workspaces/${seg(workspaceId)}`, input),
    onSuccess: async (workspace) => {
      queryClient.setQueryData(workspaceKey(workspaceId), (previous: Workspace | undefined) => ({
        ...previous,
        ...workspace,
        role: workspace.role ?? previous?.role,
      }))
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: workspacesKey }),
        queryClient.invalidateQueries({ queryKey: ['session'] }),
      ])
    },
  })
}
