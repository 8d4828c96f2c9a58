import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, get, getAll, post, put, seg } from './client.js'
import type { Channel, SlotList, Weekday } from './publishing-types.js'
import { workspaceKey } from './workspaces.js'

export const channelsKey = (workspaceId: string) =>
  [...workspaceKey(workspaceId), 'channels'] as const
export const slotsKey = (workspaceId: string, channelId: string) =>
  [...channelsKey(workspaceId), channelId, 'slots'] as const
export const publishingStatusKey = (workspaceId: string) =>
  [...workspaceKey(workspaceId), 'publishing-status'] as const

const channelsPath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}/channels`

export function useChannels(workspaceId: string) {
  return useQuery({
    queryKey: channelsKey(workspaceId),
    queryFn: () => getAll<Channel>(channelsPath(workspaceId)),
  })
}

/** Anything that changes a channel changes the banner and the composer's choices too. */
function useChannelsChanged(workspaceId: string) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: channelsKey(workspaceId) }),
      queryClient.invalidateQueries({ queryKey: publishingStatusKey(workspaceId) }),
    ])
}

export interface ConnectBlueskyInput {
  handle: string
  app_password: string
  service_url?: string
}

export function useConnectBluesky(workspaceId: string) {
  const changed = useChannelsChanged(workspaceId)
  return useMutation({
    mutationFn: (input: ConnectBlueskyInput) =>
      post<Channel>(`${channelsPath(workspaceId)}/bluesky`, input),
    onSettled: changed,
  })
}

export function useReconnectChannel(workspaceId: string) {
  const changed = useChannelsChanged(workspaceId)
  return useMutation({
    mutationFn: ({ channelId, ...input }: { channelId: string } & Partial<ConnectBlueskyInput>) =>
      post<Channel>(`${channelsPath(workspaceId)}/${seg(channelId)}/reconnect`, input),
    onSettled: changed,
  })
}

export function useDisconnectChannel(workspaceId: string) {
  const queryClient = useQueryClient()
  const changed = useChannelsChanged(workspaceId)
  return useMutation({
    mutationFn: (channelId: string) => del(`${channelsPath(workspaceId)}/${seg(channelId)}`),
    onSettled: async () => {
      await changed()
      // Its unpublished deliveries went with it.
      await queryClient.invalidateQueries({ queryKey: [...workspaceKey(workspaceId), 'posts'] })
    },
  })
}

export function useSlots(workspaceId: string, channelId: string | null) {
  return useQuery({
    queryKey: slotsKey(workspaceId, channelId ?? ''),
    queryFn: () => get<SlotList>(`${channelsPath(workspaceId)}/${seg(channelId ?? '')}/slots`),
    enabled: Boolean(channelId),
  })
}

export function useReplaceSlots(workspaceId: string, channelId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (slots: Array<{ weekday: Weekday; time: string }>) =>
      put<SlotList>(`${channelsPath(workspaceId)}/${seg(channelId)}/slots`, { slots }),
    onSuccess: (answer) => queryClient.setQueryData(slotsKey(workspaceId, channelId), answer),
  })
}
