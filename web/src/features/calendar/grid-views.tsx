import { useMediaQuery } from '@mantine/hooks'
import { memo } from 'react'
import { addDays, type DayKey, parseDayKey } from '../../lib/zoned-time.js'
import classes from './calendar.module.css'
import type { CalendarItem } from './calendar-items.js'
import { DayCell } from './day-cell.js'

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

interface GridProps {
  /** First day shown (a Monday). */
  start: DayKey
  byDay: Map<DayKey, CalendarItem[]>
  colors: Map<string, string>
  today: DayKey
  onOpen: (item: CalendarItem) => void
  onDropDelivery: (deliveryId: string, day: DayKey) => void
}

const headingFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
})

/** "Tuesday, December 1" for a day key (formatted as UTC: the key already is the local day). */
export function dayHeading(day: DayKey): string {
  const { year, month, day: date } = parseDayKey(day)
  return headingFormat.format(new Date(Date.UTC(year, month - 1, date)))
}

/** Six weeks from `start`; days outside `month` (YYYY-MM) are shaded. */
export const MonthGrid = memo(function MonthGrid({
  start,
  month,
  byDay,
  colors,
  today,
  onOpen,
  onDropDelivery,
}: GridProps & { month: string }) {
  const phone = useMediaQuery('(max-width: 36em)')
  const days = Array.from({ length: 42 }, (_, index) => addDays(start, index))
  return (
    <div className={classes.compact}>
      <div className={classes.grid} aria-hidden>
        {WEEKDAYS.map((name) => (
          <div key={name} className={classes.weekday}>
            {phone ? name.slice(0, 1) : name}
          </div>
        ))}
      </div>
      <ul className={`${classes.grid} ${classes.days}`} aria-label="Days of the month">
        {days.map((day) => (
          <DayCell
            key={day}
            day={day}
            items={byDay.get(day)}
            colors={colors}
            onOpen={onOpen}
            onDropDelivery={onDropDelivery}
            limit={phone ? 3 : 4}
            shortMore={phone}
            outside={!day.startsWith(month)}
            today={day === today}
            heading={dayHeading(day)}
          />
        ))}
      </ul>
    </div>
  )
})

/** Seven days from `start`, every post of each day. */
export const WeekGrid = memo(function WeekGrid({
  start,
  byDay,
  colors,
  today,
  onOpen,
  onDropDelivery,
}: GridProps) {
  const phone = useMediaQuery('(max-width: 36em)')
  const days = Array.from({ length: 7 }, (_, index) => addDays(start, index))
  return (
    <div className={phone ? classes.compact : undefined}>
      <div className={classes.grid} aria-hidden>
        {days.map((day, index) => (
          <div key={`h-${day}`} className={classes.weekday}>
            {phone ? WEEKDAYS[index]?.slice(0, 1) : WEEKDAYS[index]} {Number(day.slice(8))}
          </div>
        ))}
      </div>
      <ul className={`${classes.grid} ${classes.days}`} aria-label="Days of the week">
        {days.map((day) => (
          <DayCell
            key={day}
            day={day}
            items={byDay.get(day)}
            colors={colors}
            onOpen={onOpen}
            onDropDelivery={onDropDelivery}
            today={day === today}
            heading={dayHeading(day)}
            className={classes.weekCell}
          />
        ))}
      </ul>
    </div>
  )
})
