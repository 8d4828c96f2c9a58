import type { Timestamp } from '../api/types.js'

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
})

function toDate(value: Timestamp | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

export function formatDate(value: Timestamp | null | undefined, fallback = '—'): string {
  const date = toDate(value)
  return date ? dateFormat.format(date) : fallback
}

export function formatDateTime(value: Timestamp | null | undefined, fallback = '—'): string {
  const date = toDate(value)
  return date ? dateTimeFormat.format(date) : fallback
}
