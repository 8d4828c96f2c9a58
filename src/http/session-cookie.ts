import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'

export const SESSION_COOKIE = 'murmur_session'

export function setSessionCookie(
  c: Context,
  token: string,
  expiresAt: number,
  publicUrl: string,
): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: publicUrl.startsWith('https://'),
    path: '/',
    expires: new Date(expiresAt),
  })
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
}
