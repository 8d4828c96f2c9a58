import { Badge } from '@mantine/core'
import type { EventStatus } from '../../api/page-types.js'

const LOOK: Record<EventStatus, { label: string; color: string }> = {
  draft: { label: 'Draft', color: 'gray' },
  published: { label: 'Published', color: 'green' },
  cancelled: { label: 'Cancelled', color: 'red' },
}

export function EventStatusBadge({ status }: { status: EventStatus }) {
  const { label, color } = LOOK[status]
  return (
    <Badge color={color} variant="light">
      {label}
    </Badge>
  )
}

/** "Sat 5 Dec 2026, 18:00" in the event's own zone. */
export function formatEventTime(iso: string | number, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))
}
