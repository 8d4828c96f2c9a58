import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { isApiError } from './api/client.js'
import { sessionKey } from './api/session.js'

/**
 * A 401 anywhere means the session ended (expired, or signed out elsewhere):
 * mark it gone, and the signed-in routes send the user to the sign-in page.
 */
function onError(error: unknown, queryKey?: readonly unknown[]) {
  if (!isApiError(error) || error.status !== 401) return
  if (queryKey?.[0] === sessionKey[0]) return
  queryClient.setQueryData(sessionKey, null)
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (error) => onError(error) }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (failureCount, error) => {
        // Client errors will not fix themselves; network hiccups and 5xx might.
        if (isApiError(error) && error.status >= 400 && error.status < 500) return false
        return failureCount < 2
      },
    },
  },
})
