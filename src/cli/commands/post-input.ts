import { instantOf } from '../../core/zoned-time.js'
import { type Channel, channelLabel, listChannels } from '../../services/channels.js'
import type { When } from '../../services/post-schedule.js'
import type { WorkspaceScope } from '../../storage/workspace-scope.js'
import { CliError } from '../output.js'

const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/

/**
 * `--at`: an ISO time with an offset ("2026-12-01T09:30:00+01:00", "…Z"), or a wall-clock time
 * without one ("2026-12-01 09:30"), read in the workspace's time zone as a person means it.
 */
export function parseAt(value: string, timeZone: string): When {
  const text = value.trim()
  if (OFFSET.test(text)) {
    const at = Date.parse(text)
    if (Number.isNaN(at)) throw new CliError(`--at "${value}" is not a time. ${AT_HELP}`)
    return { type: 'at', at }
  }
  const local = LOCAL.exec(text)
  if (!local) throw new CliError(`--at "${value}" is not a time. ${AT_HELP}`)
  const [year, month, day, hour, minute] = local.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ]
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute))
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) {
    throw new CliError(`--at "${value}" is not a date on the calendar. ${AT_HELP}`)
  }
  return { type: 'at', at: instantOf({ year, month, day, hour, minute }, timeZone) }
}

export const AT_HELP =
  'Use an ISO time with an offset (2026-12-01T09:30:00+01:00) or a local time in the workspace time zone (2026-12-01 09:30).'

/**
 * `--channel`: a channel id, or a handle (with or without "@"). A handle two networks share must
 * be given as an id, since guessing could publish to the wrong account.
 */
export async function resolveChannelRefs(
  scope: WorkspaceScope,
  refs: string[],
  workspaceSlug: string,
): Promise<Channel[]> {
  const channels = await listChannels(scope)
  const chosen: Channel[] = []
  for (const ref of refs) {
    const wanted = ref.trim().replace(/^@/, '').toLowerCase()
    const byId = channels.find((c) => c.id === ref.trim())
    const byHandle = channels.filter((c) => c.handle.toLowerCase() === wanted)
    const found = byId ? [byId] : byHandle
    if (found.length === 0) {
      const known = channels.map((c) => `${c.id} (${channelLabel(c)})`).join(', ')
      throw new CliError(
        `No channel "${ref}" in ${workspaceSlug}. ${known ? `Its channels: ${known}.` : 'It has no channel yet: murmur channel add bluesky …'}`,
      )
    }
    if (found.length > 1) {
      throw new CliError(
        `"${ref}" is the handle of several channels (${found.map((c) => `${c.id} ${channelLabel(c)}`).join(', ')}); give the channel id.`,
      )
    }
    const channel = found[0]!
    if (chosen.some((c) => c.id === channel.id)) {
      throw new CliError(`${channelLabel(channel)} is given twice with --channel.`)
    }
    chosen.push(channel)
  }
  return chosen
}

/** Pairs each --image with the --alt at the same position (alt texts may be fewer). */
export function pairImages(
  images: string[],
  alts: string[],
): Array<{ file: string; alt: string | undefined }> {
  if (alts.length > images.length) {
    throw new CliError(
      `${alts.length} --alt for ${images.length} --image: give each --alt right after its --image.`,
    )
  }
  return images.map((file, index) => ({ file, alt: alts[index] }))
}
