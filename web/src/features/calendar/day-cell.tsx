import { Popover, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core'
import { memo, useState } from 'react'
import type { DayKey } from '../../lib/zoned-time.js'
import classes from './calendar.module.css'
import { CalendarChip, DELIVERY_DRAG_TYPE } from './calendar-chip.js'
import type { CalendarItem } from './calendar-items.js'

interface DayCellProps {
  day: DayKey
  items: CalendarItem[] | undefined
  colors: Map<string, string>
  onOpen: (item: CalendarItem) => void
  onDropDelivery: (deliveryId: string, day: DayKey) => void
  /** Chips shown before "+N more"; unlimited in the week view. */
  limit?: number
  outside?: boolean
  today?: boolean
  heading: string
  className?: string
  /** "+3" instead of "+3 more", for narrow cells. */
  shortMore?: boolean
}

const EMPTY: CalendarItem[] = []

/** One day of the month or week grid, and a drop target for chips. */
export const DayCell = memo(function DayCell({
  day,
  items = EMPTY,
  colors,
  onOpen,
  onDropDelivery,
  limit = Number.POSITIVE_INFINITY,
  outside = false,
  today = false,
  heading,
  className,
  shortMore = false,
}: DayCellProps) {
  const [over, setOver] = useState(false)
  const [moreOpen, setMoreOpen] = useState(false)
  const shown = items.length > limit ? items.slice(0, limit - 1) : items
  const hidden = items.length - shown.length

  return (
    <li
      className={`${classes.cell} ${className ?? ''}`}
      data-outside={outside}
      data-today={today}
      data-over={over}
      data-day={day}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(DELIVERY_DRAG_TYPE)) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'move'
        if (!over) setOver(true)
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false)
      }}
      onDrop={(event) => {
        setOver(false)
        const id = event.dataTransfer.getData(DELIVERY_DRAG_TYPE)
        if (!id) return
        event.preventDefault()
        onDropDelivery(id, day)
      }}
    >
      <span className={classes.dayNumber}>
        <span aria-hidden>{Number(day.slice(8))}</span>
        <VisuallyHidden>
          {heading}:{' '}
          {items.length === 0
            ? 'no posts'
            : `${items.length} ${items.length === 1 ? 'post' : 'posts'}`}
        </VisuallyHidden>
      </span>
      {shown.map((item) => (
        <CalendarChip
          key={item.key}
          item={item}
          color={colors.get(item.delivery.channel_id) ?? 'gray'}
          onOpen={onOpen}
        />
      ))}
      {hidden > 0 && (
        <Popover opened={moreOpen} onChange={setMoreOpen} width={280} shadow="md" withArrow>
          <Popover.Target>
            <UnstyledButton
              onClick={() => setMoreOpen((open) => !open)}
              aria-label={`Show all ${items.length} posts of ${heading}`}
              px={4}
            >
              <Text size="xs" fw={600} c="dimmed">
                +{hidden}
                {shortMore ? '' : ' more'}
              </Text>
            </UnstyledButton>
          </Popover.Target>
          <Popover.Dropdown>
            <Text size="xs" fw={600} mb={6}>
              {heading}
            </Text>
            <Stack gap={3} mah={320} style={{ overflowY: 'auto' }}>
              {items.map((item) => (
                <CalendarChip
                  key={item.key}
                  item={item}
                  color={colors.get(item.delivery.channel_id) ?? 'gray'}
                  onOpen={(chosen) => {
                    setMoreOpen(false)
                    onOpen(chosen)
                  }}
                />
              ))}
            </Stack>
          </Popover.Dropdown>
        </Popover>
      )}
    </li>
  )
})
