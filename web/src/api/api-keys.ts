import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, getAll, post, seg } from './client.js'
import type { ApiKey, CreatedApiKey, Role } from './types.js'
import { workspaceKey } from './workspaces.js'

export const apiKeysKey = (workspaceId: string) =>
  [...workspaceKey(workspaceId), 'api-keys'] as const

const apiKeysPath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}/api-keys`

export function useApiKeys(workspaceId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: apiKeysKey(workspaceId),
    queryFn: () => getAll<ApiKey>(apiKeysPath(workspaceId)),
    enabled: options.enabled ?? true,
  })
}

export function useCreateApiKey(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { name: string; role?: Role }) =>
      post<CreatedApiKey>(apiKeysPath(workspaceId), input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeysKey(workspaceId) }),
  })
}

export function useRevokeApiKey(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (apiKeyId: string) => del(`${apiKeysPath(workspaceId)}/${seg(apiKeyId)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeysKey(workspaceId) }),
  })
}
