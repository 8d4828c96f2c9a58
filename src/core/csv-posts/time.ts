import { instantOf } from '../zoned-time.js'

/** When a row publishes: not scheduled (a draft), at an instant, or in each channel's queue. */
export type RowTime = { type: 'draft' } | { type: 'at'; at: number } | { type: 'queue' }

const WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i
const LOCAL =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s+([A-Za-z_]+\/[A-Za-z_/+-]+|UTC))?$/

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

function validDate(year: number, month: number, day: number, hour: number, minute: number) {
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || day < 1) return false
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/**
 * Reads a time cell: empty (a draft), "queue", an instant with its offset
 * ("2026-12-01T09:30:00+01:00", "…Z"), or a wall-clock time in a named zone or, without one, in
 * the workspace's zone ("2026-12-01 09:30", "2026-12-01 09:30 America/New_York").
 * Throws a sentence saying what to write instead.
 */
export function parseRowTime(cell: string, workspaceZone: string): RowTime {
  const value = cell.trim()
  if (value === '') return { type: 'draft' }
  if (value.toLowerCase() === 'queue') return { type: 'queue' }
  const hint = `write it like 2026-12-01 09:30 (in the workspace's zone, ${workspaceZone}), 2026-12-01T09:30+01:00, or "queue"; leave it empty for a draft`
  const offset = WITH_OFFSET.exec(value)
  if (offset) {
    const [, y, mo, d, h, mi] = offset.map(Number) as number[]
    if (!validDate(y!, mo!, d!, h!, mi!))
      throw new Error(`Time "${value}" is not a real date: ${hint}.`)
    const zone = offset[7]!.toUpperCase()
    const iso = `${offset[1]}-${offset[2]}-${offset[3]}T${offset[4]!.padStart(2, '0')}:${offset[5]}:${offset[6] ?? '00'}${
      zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`
    }`
    const at = Date.parse(iso)
    if (Number.isNaN(at)) throw new Error(`Time "${value}" is not understood: ${hint}.`)
    return { type: 'at', at }
  }
  const local = LOCAL.exec(value)
  if (local) {
    const [, y, mo, d, h, mi] = local.map(Number) as number[]
    if (!validDate(y!, mo!, d!, h!, mi!))
      throw new Error(`Time "${value}" is not a real date: ${hint}.`)
    const zone = local[7] ?? workspaceZone
    if (!isTimeZone(zone)) throw new Error(`Time zone "${zone}" is not known: ${hint}.`)
    const at = instantOf({ year: y!, month: mo!, day: d!, hour: h!, minute: mi! }, zone)
    return { type: 'at', at }
  }
  throw new Error(`Time "${value}" is not understood: ${hint}.`)
}
