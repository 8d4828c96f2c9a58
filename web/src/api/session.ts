import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, get, isApiError, post, setCsrfToken } from './client.js'
import type { Session, SignedIn } from './types.js'

export const sessionKey = ['session'] as const

/** The signed-in user, or `null` when signed out (a 401 is an answer, not an error). */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await get<Session>('/api/v1/session')
    setCsrfToken(session.csrf_token)
    return session
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null)
      return null
    }
    throw error
  }
}

/**
 * Reads the session again now, ignoring the cache: used right after signing in,
 * setting up or accepting an invitation, when the cached answer is stale by definition.
 */
export function refreshSession(queryClient: QueryClient): Promise<Session | null> {
  return queryClient.fetchQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 0 })
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 })
}

/** The session when the caller is inside the signed-in part of the app. */
export function useSignedInSession(): Session {
  const { data } = useSession()
  if (!data) throw new Error('useSignedInSession used outside a signed-in route')
  return data
}

export function useSignIn() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      post<SignedIn>('/api/v1/session', input),
    onSuccess: async (answer) => {
      setCsrfToken(answer.csrf_token)
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'setup' })
      await refreshSession(queryClient)
    },
  })
}

function useSignOutWith(path: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => del(path),
    onSuccess: () => {
      setCsrfToken(null)
      // Forget everything the previous user could see, then mark the session as gone.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'setup' })
      queryClient.setQueryData(sessionKey, null)
    },
  })
}

export const useSignOut = () => useSignOutWith('/api/v1/session')
export const useSignOutEverywhere = () => useSignOutWith('/api/v1/sessions')
