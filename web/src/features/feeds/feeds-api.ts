import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, get, patch, post, seg } from '../../api/client.js'
import { postsKey } from '../../api/posts.js'

export interface Feed {
  id: string
  url: string
  title: string | null
  channel_ids: string[]
  template: string
  mode: 'draft' | 'queue'
  paused: boolean
  connected_at: string
  last_polled_at: string | null
  last_success_at: string | null
  next_poll_at: string
  failures: number
  last_error: string | null
  items_posted: number
  created_at: string
}

export interface FeedItem {
  title: string
  link: string | null
  published_at: string | null
  post_id: string | null
  outcome: 'posted' | 'draft' | 'skipped_old' | 'skipped_limit'
  problem: string | null
  seen_at: string
}

export interface FeedInput {
  url: string
  channel_ids: string[]
  template: string
  mode: 'draft' | 'queue'
}

const feedsPath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}/feeds`
const feedsKey = (workspaceId: string) => ['workspace', workspaceId, 'feeds'] as const

export function useFeeds(workspaceId: string) {
  return useQuery({
    queryKey: feedsKey(workspaceId),
    queryFn: async () => (await get<{ data: Feed[] }>(feedsPath(workspaceId))).data,
  })
}

export function useFeedItems(workspaceId: string, feedId: string | null) {
  return useQuery({
    queryKey: [...feedsKey(workspaceId), feedId, 'items'],
    enabled: Boolean(feedId),
    queryFn: async () =>
      (
        await get<Feed & { recent_items: FeedItem[] }>(
          `${feedsPath(workspaceId)}/${seg(feedId ?? '')}`,
        )
      ).recent_items,
  })
}

/** Every change to a feed refreshes the list (and the posts, which a check may have added). */
function useFeedsChanged(workspaceId: string) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: feedsKey(workspaceId) }),
      queryClient.invalidateQueries({ queryKey: postsKey(workspaceId) }),
    ])
}

export function useCreateFeed(workspaceId: string) {
  const changed = useFeedsChanged(workspaceId)
  return useMutation({
    mutationFn: (input: FeedInput) => post<Feed>(feedsPath(workspaceId), input),
    onSuccess: changed,
  })
}

export function useUpdateFeed(workspaceId: string) {
  const changed = useFeedsChanged(workspaceId)
  return useMutation({
    mutationFn: (input: { id: string } & Partial<FeedInput & { paused: boolean }>) => {
      const { id, ...body } = input
      return patch<Feed>(`${feedsPath(workspaceId)}/${seg(id)}`, body)
    },
    onSuccess: changed,
  })
}

export function useCheckFeed(workspaceId: string) {
  const changed = useFeedsChanged(workspaceId)
  return useMutation({
    mutationFn: (id: string) =>
      post<{ status: string; new_items: number; post_ids: string[]; error: string | null }>(
        `${feedsPath(workspaceId)}/${seg(id)}/poll`,
      ),
    onSuccess: changed,
  })
}

export function useDeleteFeed(workspaceId: string) {
  const changed = useFeedsChanged(workspaceId)
  return useMutation({
    mutationFn: (id: string) => del(`${feedsPath(workspaceId)}/${seg(id)}`),
    onSuccess: changed,
  })
}
