import { memo } from 'react'
import { NETWORKS } from '../../lib/networks.js'
import classes from './calendar.module.css'
import { type CalendarItem, STATE_LOOK } from './calendar-items.js'

export const DELIVERY_DRAG_TYPE = 'application/x-murmur-delivery'

interface CalendarChipProps {
  item: CalendarItem
  /** Mantine colour of the channel. */
  color: string
  onOpen: (item: CalendarItem) => void
  showTime?: boolean
}

/**
 * One delivery: its time, network, state and the start of its text, in its channel's colour.
 * Memoised on the item, which only changes when its post does.
 */
export const CalendarChip = memo(function CalendarChip({
  item,
  color,
  onOpen,
  showTime = true,
}: CalendarChipProps) {
  const look = STATE_LOOK[item.state]
  const network = item.channel ? NETWORKS[item.channel.network] : NETWORKS[item.delivery.network]
  const label = `${item.time}, ${network.name} @${item.channel?.handle ?? 'removed channel'}, ${look.label}: ${item.excerpt}`
  return (
    <button
      type="button"
      className={classes.chip}
      data-state={item.state}
      data-delivery={item.key}
      draggable={item.movable}
      onDragStart={(event) => {
        event.dataTransfer.setData(DELIVERY_DRAG_TYPE, item.key)
        event.dataTransfer.effectAllowed = 'move'
      }}
      onClick={() => onOpen(item)}
      aria-label={label}
      title={label}
      style={
        {
          '--chip-color': `var(--mantine-color-${color}-filled)`,
          '--chip-bg': `var(--mantine-color-${color}-light)`,
        } as React.CSSProperties
      }
    >
      <look.icon
        size={12}
        stroke={2}
        aria-hidden
        color={`var(--mantine-color-${look.color}-${item.state === 'scheduled' ? 'text' : 'filled'})`}
        style={{ flexShrink: 0 }}
      />
      {showTime && <span className={classes.time}>{item.time}</span>}
      <network.icon size={12} aria-hidden style={{ flexShrink: 0 }} />
      <span className={classes.text}>{item.excerpt}</span>
    </button>
  )
})
