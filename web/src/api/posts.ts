import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { publishingStatusKey } from './channels.js'
import { del, get, getAll, patch, post, seg } from './client.js'
import type {
  ChannelChoice,
  Post,
  PostContent,
  PostInput,
  PostWithChecks,
  PublishingStatus,
  Validation,
  When,
} from './publishing-types.js'
import { workspaceKey } from './workspaces.js'

export const postsKey = (workspaceId: string) => [...workspaceKey(workspaceId), 'posts'] as const
export const postKey = (workspaceId: string, postId: string) =>
  [...postsKey(workspaceId), 'one', postId] as const

const postsPath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}/posts`

/**
 * Every post with a delivery in [from, to), in one list: the calendar reads a month at once
 * (500 a page) instead of asking per day or per chip.
 */
export function usePostsInRange(workspaceId: string, range: { from: string; to: string }) {
  return useQuery({
    queryKey: [...postsKey(workspaceId), 'range', range.from, range.to],
    queryFn: () =>
      getAll<Post>(
        `${postsPath(workspaceId)}?limit=500&from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`,
        20,
      ),
    // Moving to the next month keeps the previous one on screen until the new one arrives.
    placeholderData: keepPreviousData,
  })
}

/** Whether any post was ever scheduled or published (the first-run checklist). */
export function useHasScheduledPost(workspaceId: string) {
  return useQuery({
    queryKey: [...postsKey(workspaceId), 'any-scheduled'],
    queryFn: async () => {
      const page = await get<{ data: Post[] }>(
        `${postsPath(workspaceId)}?limit=1&state=scheduled,publishing,published,unconfirmed`,
      )
      return page.data.length > 0
    },
  })
}

export function usePost(workspaceId: string, postId: string | null) {
  return useQuery({
    queryKey: postKey(workspaceId, postId ?? ''),
    queryFn: () => get<PostWithChecks>(`${postsPath(workspaceId)}/${seg(postId ?? '')}`),
    enabled: Boolean(postId),
  })
}

export function useValidatePost(workspaceId: string) {
  return useMutation({
    mutationFn: (input: { content: PostContent; channels: ChannelChoice[] }) =>
      post<Validation>(`${postsPath(workspaceId)}/validate`, input),
  })
}

/** After any change to posts: lists, the calendar, the checklist and the banners read again. */
function usePostsChanged(workspaceId: string) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: postsKey(workspaceId) }),
      queryClient.invalidateQueries({ queryKey: publishingStatusKey(workspaceId) }),
    ])
}

export function useCreatePost(workspaceId: string) {
  const changed = usePostsChanged(workspaceId)
  return useMutation({
    mutationFn: (input: PostInput & { schedule?: When }) =>
      post<PostWithChecks>(postsPath(workspaceId), input),
    onSettled: changed,
  })
}

export function useUpdatePost(workspaceId: string) {
  const changed = usePostsChanged(workspaceId)
  return useMutation({
    mutationFn: ({ postId, ...input }: Partial<PostInput> & { postId: string }) =>
      patch<PostWithChecks>(`${postsPath(workspaceId)}/${seg(postId)}`, input),
    onSettled: changed,
  })
}

export function useDeletePost(workspaceId: string) {
  const changed = usePostsChanged(workspaceId)
  return useMutation({
    mutationFn: ({ postId, keepOnNetwork }: { postId: string; keepOnNetwork?: boolean }) =>
      del(
        `${postsPath(workspaceId)}/${seg(postId)}${keepOnNetwork ? '?keep_on_network=true' : ''}`,
      ),
    onSettled: changed,
  })
}

export interface ScheduleInput {
  postId: string
  when: When
  deliveryIds?: string[]
}

/**
 * Schedules, reschedules (a drag on the calendar) or publishes now. The calendar's cached month
 * is updated at once from the answer, so a dropped chip does not jump back while lists reload.
 */
export function useSchedulePost(workspaceId: string) {
  const queryClient = useQueryClient()
  const changed = usePostsChanged(workspaceId)
  return useMutation({
    mutationFn: ({ postId, when, deliveryIds }: ScheduleInput) =>
      post<Post>(`${postsPath(workspaceId)}/${seg(postId)}/schedule`, {
        when,
        ...(deliveryIds && { delivery_ids: deliveryIds }),
      }),
    onSuccess: (updated) => replaceCachedPost(queryClient, workspaceId, updated),
    onSettled: changed,
  })
}

export function useUnschedulePost(workspaceId: string) {
  const changed = usePostsChanged(workspaceId)
  return useMutation({
    mutationFn: ({ postId, deliveryIds }: { postId: string; deliveryIds?: string[] }) =>
      post<Post>(`${postsPath(workspaceId)}/${seg(postId)}/unschedule`, {
        ...(deliveryIds && { delivery_ids: deliveryIds }),
      }),
    onSettled: changed,
  })
}

type DeliveryAction = 'retry' | 'confirm' | 'dismiss'

/** Retry a failed delivery; settle an unconfirmed one ("it was published" / "it was not"). */
export function useDeliveryAction(workspaceId: string) {
  const changed = usePostsChanged(workspaceId)
  return useMutation({
    mutationFn: ({
      postId,
      deliveryId,
      action,
      url,
    }: {
      postId: string
      deliveryId: string
      action: DeliveryAction
      url?: string
    }) =>
      post<Post>(
        `${postsPath(workspaceId)}/${seg(postId)}/deliveries/${seg(deliveryId)}/${action}`,
        action === 'confirm' && url ? { url } : undefined,
      ),
    onSettled: changed,
  })
}

export function usePublishingStatus(workspaceId: string) {
  return useQuery({
    queryKey: publishingStatusKey(workspaceId),
    queryFn: () =>
      get<PublishingStatus>(`/api/v1/workspaces/${seg(workspaceId)}/publishing-status`),
    // The banner follows reality: a token may expire while the page stays open.
    refetchInterval: 60_000,
    staleTime: 30_000,
  })
}

function replaceCachedPost(
  queryClient: ReturnType<typeof useQueryClient>,
  workspaceId: string,
  updated: Post,
) {
  queryClient.setQueriesData<Post[]>({ queryKey: [...postsKey(workspaceId), 'range'] }, (posts) =>
    posts?.map((item) => (item.id === updated.id ? updated : item)),
  )
}
