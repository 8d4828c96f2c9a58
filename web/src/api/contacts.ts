import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, get, getAll, patch, post, seg } from './client.js'
import type {
  Contact,
  ContactDetail,
  ContactFilter,
  ImportResult,
  TimelineItem,
} from './contact-types.js'
import type { ContactStage, Note } from './inbox-types.js'
import { workspaceKey } from './workspaces.js'

export const contactsKey = (workspaceId: string) =>
  [...workspaceKey(workspaceId), 'contacts'] as const
export const contactsPath = (workspaceId: string) =>
  `/api/v1/workspaces/${seg(workspaceId)}/contacts`

export function useContacts(workspaceId: string, filter: ContactFilter, maxPages = 10) {
  const query = new URLSearchParams({ limit: '200' })
  if (filter.q.trim()) query.set('q', filter.q.trim())
  if (filter.stage) query.set('stage', filter.stage)
  if (filter.tag) query.set('tag', filter.tag)
  if (filter.network) query.set('network', filter.network)
  return useQuery({
    queryKey: [...contactsKey(workspaceId), 'list', query.toString(), maxPages],
    queryFn: () => getAll<Contact>(`${contactsPath(workspaceId)}?${query}`, maxPages),
    placeholderData: keepPreviousData,
  })
}

export function usePipeline(workspaceId: string) {
  return useQuery({
    queryKey: [...contactsKey(workspaceId), 'pipeline'],
    queryFn: () =>
      get<{ stages: Array<{ stage: ContactStage; count: number }> }>(
        `${contactsPath(workspaceId)}/pipeline`,
      ),
  })
}

export function useContact(workspaceId: string, contactId: string | null) {
  return useQuery({
    queryKey: [...contactsKey(workspaceId), 'one', contactId],
    queryFn: () => get<ContactDetail>(`${contactsPath(workspaceId)}/${seg(contactId ?? '')}`),
    enabled: Boolean(contactId),
  })
}

export function useTimeline(workspaceId: string, contactId: string | null) {
  return useQuery({
    queryKey: [...contactsKey(workspaceId), 'timeline', contactId],
    queryFn: () =>
      getAll<TimelineItem>(
        `${contactsPath(workspaceId)}/${seg(contactId ?? '')}/timeline?limit=100`,
        3,
      ),
    enabled: Boolean(contactId),
  })
}

function useContactMutation<I, O>(workspaceId: string, fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: contactsKey(workspaceId) })
      // The inbox shows each conversation's contact and stage.
      await queryClient.invalidateQueries({ queryKey: [...workspaceKey(workspaceId), 'inbox'] })
    },
  })
}

export function useCreateContact(workspaceId: string) {
  return useContactMutation(
    workspaceId,
    (input: { display_name: string; email?: string; stage?: ContactStage; tags?: string[] }) =>
      post<Contact>(contactsPath(workspaceId), input),
  )
}

export function useUpdateContact(workspaceId: string) {
  return useContactMutation(
    workspaceId,
    ({
      contactId,
      ...input
    }: {
      contactId: string
      display_name?: string
      first_name?: string | null
      email?: string | null
      customer_id?: string | null
      tags?: string[]
    }) => patch<Contact>(`${contactsPath(workspaceId)}/${seg(contactId)}`, input),
  )
}

export function useMoveStage(workspaceId: string) {
  return useContactMutation(
    workspaceId,
    ({ contactId, stage, reason }: { contactId: string; stage: ContactStage; reason?: string }) =>
      post<Contact>(`${contactsPath(workspaceId)}/${seg(contactId)}/stage`, { stage, reason }),
  )
}

export function useMergeContact(workspaceId: string) {
  return useContactMutation(
    workspaceId,
    ({ keepId, otherId }: { keepId: string; otherId: string }) =>
      post<Contact>(`${contactsPath(workspaceId)}/${seg(keepId)}/merge`, { contact_id: otherId }),
  )
}

export function useSplitContact(workspaceId: string) {
  return useContactMutation(
    workspaceId,
    ({ contactId, identityIds }: { contactId: string; identityIds: string[] }) =>
      post<Contact>(`${contactsPath(workspaceId)}/${seg(contactId)}/split`, {
        identity_ids: identityIds,
      }),
  )
}

export function useAddContactNote(workspaceId: string) {
  return useContactMutation(
    workspaceId,
    ({ contactId, body }: { contactId: string; body: string }) =>
      post<Note>(`${contactsPath(workspaceId)}/${seg(contactId)}/notes`, { body }),
  )
}

export function useDeleteContactNote(workspaceId: string) {
  return useContactMutation(
    workspaceId,
    ({ contactId, noteId }: { contactId: string; noteId: string }) =>
      del(`${contactsPath(workspaceId)}/${seg(contactId)}/notes/${seg(noteId)}`),
  )
}

export function useEraseContact(workspaceId: string) {
  return useContactMutation(workspaceId, (contactId: string) =>
    post<{ id: string; erased_at: string; messages_anonymised: number }>(
      `${contactsPath(workspaceId)}/${seg(contactId)}/erase`,
    ),
  )
}

export function useImportContacts(workspaceId: string) {
  return useContactMutation(workspaceId, (csv: string) =>
    post<ImportResult>(`${contactsPath(workspaceId)}/import`, { csv }),
  )
}

export const exportContactJson = (workspaceId: string, contactId: string) =>
  get<unknown>(`${contactsPath(workspaceId)}/${seg(contactId)}/export`)

export const contactsCsvUrl = (workspaceId: string) => `${contactsPath(workspaceId)}/export.csv`
