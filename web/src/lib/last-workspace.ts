const KEY = 'murmur.last-workspace'

/** Remembers the workspace last opened in this browser, so `/` returns to it. */
export function rememberWorkspace(workspaceId: string): void {
  try {
    localStorage.setItem(KEY, workspaceId)
  } catch {
    // storage may be disabled; nothing to remember then
  }
}

export function lastWorkspace(): string | null {
  try {
    return localStorage.getItem(KEY)
  } catch {
    return null
  }
}

export function forgetWorkspace(workspaceId: string): void {
  try {
    if (localStorage.getItem(KEY) === workspaceId) localStorage.removeItem(KEY)
  } catch {
    // storage may be disabled
  }
}
