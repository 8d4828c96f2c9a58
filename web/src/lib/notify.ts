import { notifications } from '@mantine/notifications'
import { isApiError } from '../api/client.js'

export function notifySuccess(message: string, title?: string): void {
  notifications.show({ color: 'green', title, message, autoClose: 4000 })
}

/** Shows what went wrong, in the server's words when it gave any. */
export function notifyError(error: unknown, title = 'That did not work'): void {
  const message = isApiError(error)
    ? error.message
    : error instanceof Error
      ? error.message
      : 'Something went wrong. Try again.'
  notifications.show({ color: 'red', title, message, autoClose: 8000 })
}

/** The message for an inline alert, with field problems left to the fields themselves. */
export function errorMessage(error: unknown): string | null {
  if (!error) return null
  if (isApiError(error)) return error.message
  return error instanceof Error ? error.message : 'Something went wrong. Try again.'
}

export function fieldError(error: unknown, field: string): string | undefined {
  return isApiError(error) ? error.fieldErrors[field] : undefined
}
