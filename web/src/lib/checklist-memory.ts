/**
 * The server cannot tell whether a time zone was chosen on purpose (the default
 * comes from the browser), so a deliberate save in Settings is remembered here.
 */
const key = (workspaceId: string) => `murmur.time-zone-confirmed.${workspaceId}`

export function rememberTimeZoneConfirmed(workspaceId: string): void {
  try {
    localStorage.setItem(key(workspaceId), '1')
  } catch {
    // storage may be disabled
  }
}

export function timeZoneConfirmed(workspaceId: string): boolean {
  try {
    return localStorage.getItem(key(workspaceId)) === '1'
  } catch {
    return false
  }
}
