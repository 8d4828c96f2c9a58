import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { channelsKey, publishingStatusKey } from './channels.js'
import { del, get, post, put, seg } from './client.js'
import type { Channel, NetworkId } from './publishing-types.js'
import { workspaceKey } from './workspaces.js'

/** A network's developer app, as GET …/network-apps describes it (never the secret). */
export interface NetworkApp {
  network: NetworkId
  available: boolean
  configured: boolean
  source: 'workspace' | 'environment' | null
  client_id: string | null
  has_secret: boolean
  redirect_uri: string
  docs: string
}

export interface PendingSignIn {
  id: string
  network: NetworkId
  expires_at: string
  accounts: Array<{
    id: string
    handle: string
    display_name: string
    avatar_url: string | null
    connected: boolean
    problem: string | null
  }>
  warnings: string[]
}

/** What a channel's network allows, for the composer. */
export interface ChannelCapabilities {
  channel_id: string
  network: NetworkId
  name: string
  text: { max_length: number; counted_as: string }
  media: { max_count: number; max_bytes: number; mime_types: string[]; required: boolean }
  alt_text: { max_length: number; required: boolean } | null
  threads: { max_parts: number } | null
  first_comment: boolean
  replies: boolean
  delete: boolean
  metrics: string[]
}

const workspacePath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}`
export const networkAppsKey = (workspaceId: string) =>
  [...workspaceKey(workspaceId), 'network-apps'] as const

export function useNetworkApps(workspaceId: string) {
  return useQuery({
    queryKey: networkAppsKey(workspaceId),
    queryFn: async () =>
      (await get<{ data: NetworkApp[] }>(`${workspacePath(workspaceId)}/network-apps`)).data,
  })
}

export function useSaveNetworkApp(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({
      network,
      ...body
    }: {
      network: NetworkId
      client_id: string
      client_secret?: string
    }) => put<NetworkApp>(`${workspacePath(workspaceId)}/network-apps/${seg(network)}`, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: networkAppsKey(workspaceId) }),
  })
}

export function useRemoveNetworkApp(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (network: NetworkId) =>
      del(`${workspacePath(workspaceId)}/network-apps/${seg(network)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: networkAppsKey(workspaceId) }),
  })
}

/**
 * Starts a sign-in on the network's own page; the caller sends the browser to `authorize_url`,
 * and the network sends it back to Settings > Channels.
 */
export function useStartOAuth(workspaceId: string) {
  return useMutation({
    mutationFn: ({
      network,
      ...body
    }: {
      network: NetworkId
      instance?: string
      channel_id?: string
    }) =>
      post<{ authorize_url: string; expires_at: string }>(
        `${workspacePath(workspaceId)}/channels/oauth/${seg(network)}/start`,
        body,
      ),
  })
}

export function usePendingSignIn(workspaceId: string, pendingId: string | null) {
  return useQuery({
    queryKey: [...workspaceKey(workspaceId), 'oauth-pending', pendingId ?? ''],
    queryFn: () =>
      get<PendingSignIn>(
        `${workspacePath(workspaceId)}/channels/oauth/pending/${seg(pendingId ?? '')}`,
      ),
    enabled: Boolean(pendingId),
    retry: false,
  })
}

export function useCompletePending(workspaceId: string, pendingId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (pageIds: string[]) =>
      post<{ data: Channel[] }>(
        `${workspacePath(workspaceId)}/channels/oauth/pending/${seg(pendingId)}/complete`,
        { page_ids: pageIds },
      ),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: channelsKey(workspaceId) }),
        queryClient.invalidateQueries({ queryKey: publishingStatusKey(workspaceId) }),
      ]),
  })
}

const capabilitiesKey = (workspaceId: string, channelId: string) =>
  [...channelsKey(workspaceId), channelId, 'capabilities'] as const

/** Capabilities of several channels at once (the composer's chosen channels). */
export function useChannelCapabilities(workspaceId: string, channelIds: string[]) {
  return useQueries({
    queries: channelIds.map((channelId) => ({
      queryKey: capabilitiesKey(workspaceId, channelId),
      queryFn: () =>
        get<ChannelCapabilities>(
          `${workspacePath(workspaceId)}/channels/${seg(channelId)}/capabilities`,
        ),
      staleTime: 10 * 60_000,
    })),
  })
}
