import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, get, getAll, patch, post, seg } from './client.js'
import type { AnnounceInput, Attendee, EventInput, MurmurEvent } from './page-types.js'
import type { Post } from './publishing-types.js'
import { workspaceKey } from './workspaces.js'

export const eventsKey = (workspaceId: string) => [...workspaceKey(workspaceId), 'events'] as const

export const eventsPath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}/events`
const eventPath = (workspaceId: string, eventId: string) =>
  `${eventsPath(workspaceId)}/${seg(eventId)}`

export type EventWhen = 'upcoming' | 'past'

export function useEvents(workspaceId: string, when: EventWhen) {
  return useQuery({
    queryKey: [...eventsKey(workspaceId), 'list', when],
    queryFn: () => getAll<MurmurEvent>(`${eventsPath(workspaceId)}?when=${when}&limit=200`),
    placeholderData: keepPreviousData,
  })
}

export function useEvent(workspaceId: string, eventId: string | null) {
  return useQuery({
    queryKey: [...eventsKey(workspaceId), 'one', eventId],
    queryFn: () => get<MurmurEvent>(eventPath(workspaceId, eventId ?? '')),
    enabled: Boolean(eventId),
  })
}

export function useCreateEvent(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: EventInput) => post<MurmurEvent>(eventsPath(workspaceId), input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: eventsKey(workspaceId) }),
  })
}

export function useUpdateEvent(workspaceId: string, eventId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: EventInput) => patch<MurmurEvent>(eventPath(workspaceId, eventId), input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: eventsKey(workspaceId) }),
  })
}

export function useDeleteEvent(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (eventId: string) => del(eventPath(workspaceId, eventId)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: eventsKey(workspaceId) }),
  })
}

/** The event page with unsaved fields; `body` is debounced by the caller. */
export function useEventPreview(
  workspaceId: string,
  body: (EventInput & { event_id?: string }) | null,
) {
  return useQuery({
    queryKey: [...eventsKey(workspaceId), 'preview', body],
    queryFn: () => post<{ html: string }>(`${eventsPath(workspaceId)}/preview`, body),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  })
}

export function useAnnounceEvent(workspaceId: string, eventId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: AnnounceInput) =>
      post<Post>(`${eventPath(workspaceId, eventId)}/announce`, input),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: eventsKey(workspaceId) }),
        queryClient.invalidateQueries({ queryKey: [...workspaceKey(workspaceId), 'posts'] }),
      ]),
  })
}

export function useAnnouncements(workspaceId: string, eventId: string) {
  return useQuery({
    queryKey: [...eventsKey(workspaceId), 'one', eventId, 'announcements'],
    queryFn: async () =>
      (await get<{ data: Post[] }>(`${eventPath(workspaceId, eventId)}/announcements`)).data,
  })
}

export function useAttendees(workspaceId: string, eventId: string) {
  return useQuery({
    queryKey: [...eventsKey(workspaceId), 'one', eventId, 'attendees'],
    queryFn: () => getAll<Attendee>(`${eventPath(workspaceId, eventId)}/attendees?limit=200`),
  })
}

export const attendeesCsvPath = (workspaceId: string, eventId: string) =>
  `${eventPath(workspaceId, eventId)}/attendees.csv`

export function useRemoveAttendee(workspaceId: string, eventId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (attendeeId: string) =>
      del(`${eventPath(workspaceId, eventId)}/attendees/${seg(attendeeId)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: eventsKey(workspaceId) }),
  })
}
