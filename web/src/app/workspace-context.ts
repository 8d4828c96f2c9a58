import { createContext, useContext } from 'react'
import type { Workspace } from '../api/types.js'
import { type Action, can } from '../lib/roles.js'

export const WorkspaceContext = createContext<Workspace | null>(null)

/** The workspace of the current /w/:workspaceId route, with the caller's role. */
export function useCurrentWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext)
  if (!workspace) throw new Error('useCurrentWorkspace used outside a workspace route')
  return workspace
}

/** Whether the caller's role allows an action here; the server checks again. */
export function useCan(action: Action): boolean {
  return can(useCurrentWorkspace().role, action)
}

/** Builds a link inside the current workspace: workspaceHref(id, 'settings/members'). */
export function workspaceHref(workspaceId: string, path = ''): string {
  const base = `/w/${encodeURIComponent(workspaceId)}`
  return path ? `${base}/${path}` : base
}
