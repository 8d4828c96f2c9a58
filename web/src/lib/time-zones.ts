export interface TimeZoneOption {
  value: string
  label: string
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

function offsetLabel(timeZone: string, at: Date): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')
    return parts?.value ?? ''
  } catch {
    return ''
  }
}

let cached: TimeZoneOption[] | null = null

/** Every IANA time zone the browser knows, labelled "America/New York (GMT-5)". */
export function timeZoneOptions(): TimeZoneOption[] {
  if (cached) return cached
  let zones: string[]
  try {
    zones = Intl.supportedValuesOf('timeZone')
  } catch {
    zones = []
  }
  const all = new Set(['UTC', ...zones, browserTimeZone()])
  const now = new Date()
  cached = [...all].sort().map((value) => {
    const offset = offsetLabel(value, now)
    const name = value.replaceAll('_', ' ')
    // "UTC (GMT+0)" says the same thing twice; every other zone shows its current offset.
    const shown = offset === 'GMT' ? 'GMT+0' : offset
    const plain = !shown || value === 'UTC' || value === 'Etc/UTC'
    return { value, label: plain ? name : `${name} (${shown})` }
  })
  return cached
}

/** Makes sure a value from the server appears in the list, even if the browser does not know it. */
export function timeZoneOptionsWith(value: string | null | undefined): TimeZoneOption[] {
  const options = timeZoneOptions()
  if (!value || options.some((option) => option.value === value)) return options
  return [{ value, label: value.replaceAll('_', ' ') }, ...options]
}
