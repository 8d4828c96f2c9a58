import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { del, get, getAll, patch, post, seg } from './client.js'
import type {
  Conversation,
  ConversationDetail,
  ConversationFilter,
  IntentRule,
  Message,
  SavedReply,
  SyncResult,
  TryResult,
} from './inbox-types.js'
import { workspaceKey } from './workspaces.js'

export const inboxKey = (workspaceId: string) => [...workspaceKey(workspaceId), 'inbox'] as const
const base = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}`

export function conversationQuery(filter: ConversationFilter): URLSearchParams {
  const query = new URLSearchParams({ limit: '100', status: filter.status, sort: filter.sort })
  for (const key of ['channel_id', 'assignee_id', 'sentiment', 'intent', 'stage'] as const) {
    const value = filter[key]
    if (value) query.set(key, value)
  }
  return query
}

export function useConversations(workspaceId: string, filter: ConversationFilter) {
  const query = conversationQuery(filter)
  return useQuery({
    queryKey: [...inboxKey(workspaceId), 'list', query.toString()],
    queryFn: () => getAll<Conversation>(`${base(workspaceId)}/conversations?${query}`, 5),
    placeholderData: keepPreviousData,
  })
}

export function useContactConversations(workspaceId: string, contactId: string | null) {
  return useQuery({
    queryKey: [...inboxKey(workspaceId), 'by-contact', contactId],
    queryFn: () =>
      get<{ data: Conversation[] }>(
        `${base(workspaceId)}/conversations?status=all&limit=10&contact_id=${seg(contactId ?? '')}`,
      ).then((answer) => answer.data),
    enabled: Boolean(contactId),
  })
}

export function useConversation(workspaceId: string, conversationId: string | null) {
  return useQuery({
    queryKey: [...inboxKey(workspaceId), 'one', conversationId],
    queryFn: () =>
      get<ConversationDetail>(`${base(workspaceId)}/conversations/${seg(conversationId ?? '')}`),
    enabled: Boolean(conversationId),
  })
}

function useInboxMutation<I, O>(workspaceId: string, fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboxKey(workspaceId) }),
  })
}

export function useUpdateConversation(workspaceId: string) {
  return useInboxMutation(
    workspaceId,
    ({
      conversationId,
      ...input
    }: {
      conversationId: string
      status?: 'open' | 'done'
      assignee_id?: string | null
    }) => patch<Conversation>(`${base(workspaceId)}/conversations/${seg(conversationId)}`, input),
  )
}

export function useMarkRead(workspaceId: string) {
  return useInboxMutation(workspaceId, (conversationId: string) =>
    post<void>(`${base(workspaceId)}/conversations/${seg(conversationId)}/read`),
  )
}

export function useReply(workspaceId: string) {
  return useInboxMutation(
    workspaceId,
    ({
      conversationId,
      ...input
    }: {
      conversationId: string
      text?: string
      saved_reply_id?: string
      message_id?: string
      mark_done?: boolean
    }) => post<Message>(`${base(workspaceId)}/conversations/${seg(conversationId)}/reply`, input),
  )
}

export function useAddConversationNote(workspaceId: string) {
  return useInboxMutation(
    workspaceId,
    ({ conversationId, body }: { conversationId: string; body: string }) =>
      post(`${base(workspaceId)}/conversations/${seg(conversationId)}/notes`, { body }),
  )
}

export function useSyncInbox(workspaceId: string) {
  return useInboxMutation(workspaceId, () =>
    post<SyncResult>(`${base(workspaceId)}/inbox/sync`, {}),
  )
}

/**
 * Listens to the inbox's server-sent events and refetches what they name. Events carry ids
 * only, and are not replayed after a reconnect, so every (re)connection refetches the lists.
 */
export function useInboxEvents(workspaceId: string): boolean {
  const queryClient = useQueryClient()
  const [live, setLive] = useState(false)
  useEffect(() => {
    if (typeof EventSource === 'undefined') return
    const source = new EventSource(`${base(workspaceId)}/inbox/events`, { withCredentials: true })
    const refresh = () => queryClient.invalidateQueries({ queryKey: inboxKey(workspaceId) })
    source.addEventListener('ready', () => {
      setLive(true)
      void refresh()
    })
    for (const name of ['message.created', 'conversation.updated', 'sync.finished']) {
      source.addEventListener(name, () => void refresh())
    }
    source.onerror = () => setLive(false)
    return () => source.close()
  }, [workspaceId, queryClient])
  return live
}

// Saved replies

export function useSavedReplies(workspaceId: string) {
  return useQuery({
    queryKey: [...inboxKey(workspaceId), 'saved-replies'],
    queryFn: () =>
      get<{ data: SavedReply[]; placeholders: string[] }>(`${base(workspaceId)}/saved-replies`),
  })
}

export function useSaveSavedReply(workspaceId: string) {
  return useInboxMutation(
    workspaceId,
    ({ id, ...input }: { id?: string; name: string; body: string }) =>
      id
        ? patch<SavedReply>(`${base(workspaceId)}/saved-replies/${seg(id)}`, input)
        : post<SavedReply>(`${base(workspaceId)}/saved-replies`, input),
  )
}

export function useDeleteSavedReply(workspaceId: string) {
  return useInboxMutation(workspaceId, (id: string) =>
    del(`${base(workspaceId)}/saved-replies/${seg(id)}`),
  )
}

// Intent rules

export function useIntentRules(workspaceId: string) {
  return useQuery({
    queryKey: [...inboxKey(workspaceId), 'intent-rules'],
    queryFn: () =>
      get<{ data: IntentRule[] }>(`${base(workspaceId)}/intent-rules`).then((a) => a.data),
  })
}

export function useSaveIntentRule(workspaceId: string) {
  return useInboxMutation(
    workspaceId,
    ({ id, ...input }: Partial<Omit<IntentRule, 'id'>> & { id?: string }) =>
      id
        ? patch<IntentRule>(`${base(workspaceId)}/intent-rules/${seg(id)}`, input)
        : post<IntentRule>(`${base(workspaceId)}/intent-rules`, input),
  )
}

export function useDeleteIntentRule(workspaceId: string) {
  return useInboxMutation(workspaceId, (id: string) =>
    del(`${base(workspaceId)}/intent-rules/${seg(id)}`),
  )
}

export function useResetIntentRules(workspaceId: string) {
  return useInboxMutation(workspaceId, () => post(`${base(workspaceId)}/intent-rules/reset`, {}))
}

export function useTryIntentRules(workspaceId: string) {
  return useMutation({
    mutationFn: (text: string) =>
      post<TryResult>(`${base(workspaceId)}/intent-rules/try`, { text }),
  })
}
