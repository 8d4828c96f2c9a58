import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { post, seg } from '../../api/client.js'
import type { ChannelChoice, PostContent, Validation } from '../../api/publishing-types.js'
import { workspaceKey } from '../../api/workspaces.js'
import { type ComposeState, toApiChannels, toApiContent } from './compose-model.js'

/**
 * The server's verdict on the draft, a quarter of a second after typing stops: counters and
 * problems come from the same rules that decide at publishing time, so they always agree.
 */
export function useValidation(workspaceId: string, state: ComposeState) {
  const body = useMemo<{ content: PostContent; channels: ChannelChoice[] } | null>(
    () =>
      state.selected.length === 0
        ? null
        : { content: toApiContent(state.shared), channels: toApiChannels(state) },
    [state],
  )
  const [debounced] = useDebouncedValue(body, 250)
  const key = debounced ? JSON.stringify(debounced) : ''
  return useQuery({
    queryKey: [...workspaceKey(workspaceId), 'validate', key],
    queryFn: () =>
      post<Validation>(`/api/v1/workspaces/${seg(workspaceId)}/posts/validate`, debounced),
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    gcTime: 30_000,
    retry: false,
  })
}
