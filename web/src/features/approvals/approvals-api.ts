import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, post, put, seg } from '../../api/client.js'
import type { Post, When } from '../../api/publishing-types.js'
import type { Role, Timestamp } from '../../api/types.js'
import { workspaceKey } from '../../api/workspaces.js'

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn'

export interface ApprovalRequest {
  id: string
  post_id: string
  status: ApprovalStatus
  submitted_by: string | null
  submitted_by_name: string
  submitted_at: Timestamp
  due_at: Timestamp | null
  overdue_at: Timestamp | null
  decided_by: string | null
  decided_by_name: string | null
  decided_at: Timestamp | null
  comment: string | null
}

export interface ApprovalSettings {
  roles: Array<'editor' | 'admin'>
  approver_roles: Role[]
}

const base = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}`
export const approvalsKey = (workspaceId: string) =>
  [...workspaceKey(workspaceId), 'approvals'] as const

export function useApprovalSettings(workspaceId: string) {
  return useQuery({
    queryKey: [...approvalsKey(workspaceId), 'settings'],
    queryFn: () => get<ApprovalSettings>(`${base(workspaceId)}/approval-settings`),
  })
}

export function useSaveApprovalSettings(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (roles: string[]) =>
      put<ApprovalSettings>(`${base(workspaceId)}/approval-settings`, { roles }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: approvalsKey(workspaceId) }),
  })
}

export function useApprovalQueue(workspaceId: string) {
  return useQuery({
    queryKey: [...approvalsKey(workspaceId), 'queue'],
    queryFn: () =>
      get<{ data: Array<{ request: ApprovalRequest; post: Post }> }>(
        `${base(workspaceId)}/approvals`,
      ),
  })
}

export function useApprovalHistory(workspaceId: string, postId: string) {
  return useQuery({
    queryKey: [...approvalsKey(workspaceId), 'history', postId],
    queryFn: () =>
      get<{ data: ApprovalRequest[] }>(`${base(workspaceId)}/posts/${seg(postId)}/approvals`),
  })
}

/** Approve (optionally at a new time) or reject with a comment; lists and posts reload. */
export function useDecide(workspaceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: {
      postId: string
      decision: 'approve' | 'reject'
      comment: string
      when?: When
    }) =>
      post<Post>(
        `${base(workspaceId)}/posts/${seg(input.postId)}/${input.decision}`,
        input.decision === 'approve'
          ? { comment: input.comment || null, ...(input.when && { when: input.when }) }
          : { comment: input.comment },
      ),
    // Not awaited: the decided post leaves the queue, and the form's own callbacks (its toast)
    // must run before the refetch unmounts it.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) })
    },
  })
}
