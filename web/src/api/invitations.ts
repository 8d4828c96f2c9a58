import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, get, getAll, post, seg, setCsrfToken } from './client.js'
import { refreshSession } from './session.js'
import type { CreatedInvitation, Invitation, InvitationPreview, Role, SignedIn } from './types.js'
import { workspaceKey, workspacesKey } from './workspaces.js'

export const invitationsKey = (workspaceId: string) =>
  [...workspaceKey(workspaceId), 'invitations'] as const

const invitationsPath = (workspaceId: string) =>
  `/api/v1/workspaces/${seg(workspaceId)}/invitations`

/** Pending invitations of a workspace (admins and owners only). */
export function useInvitations(workspaceId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: invitationsKey(workspaceId),
    queryFn: () => getAll<Invitation>(invitationsPath(workspaceId)),
    enabled: options.enabled ?? true,
  })
}

export function useCreateInvitation(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { role: Role; email?: string }) =>
      post<CreatedInvitation>(invitationsPath(workspaceId), input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: invitationsKey(workspaceId) }),
  })
}

export function useRevokeInvitation(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (invitationId: string) =>
      del(`${invitationsPath(workspaceId)}/${seg(invitationId)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: invitationsKey(workspaceId) }),
  })
}

/** What an invitation link offers, read without signing in. */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: () => get<InvitationPreview>(`/api/v1/invitations/${seg(token)}`),
    retry: false,
  })
}

export type AcceptInput = Record<string, never> | { email: string; password: string; name?: string }

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: AcceptInput) =>
      post<Required<SignedIn>>(`/api/v1/invitations/${seg(token)}/accept`, input),
    onSuccess: async (answer) => {
      setCsrfToken(answer.csrf_token)
      queryClient.removeQueries({ queryKey: workspacesKey })
      await refreshSession(queryClient)
    },
  })
}
