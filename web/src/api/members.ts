import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, getAll, patch, seg } from './client.js'
import type { Member, Role } from './types.js'
import { workspaceKey } from './workspaces.js'

export const membersKey = (workspaceId: string) =>
  [...workspaceKey(workspaceId), 'members'] as const

const membersPath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}/members`

export function useMembers(workspaceId: string) {
  return useQuery({
    queryKey: membersKey(workspaceId),
    queryFn: () => getAll<Member>(membersPath(workspaceId)),
  })
}

export function useChangeMemberRole(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      patch<Member>(`${membersPath(workspaceId)}/${seg(userId)}`, { role }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersKey(workspaceId) }),
  })
}

export function useRemoveMember(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (userId: string) => del(`${membersPath(workspaceId)}/${seg(userId)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersKey(workspaceId) }),
  })
}
