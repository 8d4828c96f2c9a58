import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, post, setCsrfToken } from './client.js'
import type { SignedIn, Workspace } from './types.js'

export const setupKey = ['setup'] as const

export function useSetupStatus() {
  return useQuery({
    queryKey: setupKey,
    queryFn: () => get<{ needed: boolean }>('/api/v1/setup'),
    staleTime: Number.POSITIVE_INFINITY,
  })
}

export interface SetupInput {
  email: string
  password: string
  name?: string
  workspace_name: string
  time_zone?: string
}

export function useSetUpOwner() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: SetupInput) =>
      post<SignedIn & { workspace: Workspace }>('/api/v1/setup', input),
    onSuccess: (answer) => {
      setCsrfToken(answer.csrf_token)
      // Fetched afresh by the signed-in routes. The caller marks set-up as done in the
      // same tick as it navigates, so the start gate never bounces through `/`.
      queryClient.removeQueries({ queryKey: ['session'] })
    },
  })
}

/** Call together with navigating away from /setup. */
export function markSetUpDone(queryClient: ReturnType<typeof useQueryClient>): void {
  queryClient.setQueryData(setupKey, { needed: false })
}
