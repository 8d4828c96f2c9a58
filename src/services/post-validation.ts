import { invalid, isMurmurError } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import type { DraftMedia, NetworkId, Problem, ProblemCode } from '../networks/spec/index.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { networkForChannel } from './channel-capabilities.js'
import { type Channel, channelLabel } from './channels.js'
import { draftOf, type PostContent } from './post-content.js'

/** A network's problem, or one of Murmur's own about the channel or the media. */
export type PublishingProblem = Omit<Problem, 'code'> & {
  code: ProblemCode | 'channel_needs_reconnect' | 'network_unavailable' | 'media_missing'
}

/** Length of one text as the network counts it, for the composer's counters. */
export interface TextCounter {
  /** 1-based part, or null for the first comment. */
  part: number | null
  first_comment: boolean
  length: number
  max: number
  counted_as: string
}

export interface ChannelCheck {
  channel_id: string
  network: NetworkId
  /** "Bluesky @cornerbakery.bsky.social" */
  channel: string
  ok: boolean
  problems: PublishingProblem[]
  counters: TextCounter[]
}

/**
 * Runs each channel's network rules over the content it would publish: exactly what the network
 * will say, before anything is scheduled. `publishingNow` makes a channel that needs reconnecting
 * an error instead of a warning (it would fail at once).
 */
export async function checkChannels(
  murmur: Murmur,
  scope: WorkspaceScope,
  targets: Array<{ channel: Channel; content: PostContent }>,
  options: { publishingNow?: boolean } = {},
): Promise<ChannelCheck[]> {
  const cache = new Map<string, DraftMedia | undefined>()
  const checks: ChannelCheck[] = []
  for (const { channel, content } of targets) {
    const label = channelLabel(channel)
    const problems: PublishingProblem[] = []
    const counters: TextCounter[] = []
    // Per channel: a Mastodon channel is checked against its own instance's limits.
    const network = await networkForChannel(murmur, scope, channel)
    if (channel.status === 'needs_reconnect') {
      problems.push({
        severity: options.publishingNow ? 'error' : 'warning',
        code: 'channel_needs_reconnect',
        message: `${label} needs reconnecting${channel.status_reason ? `: ${channel.status_reason}` : ''}. Nothing is published there until it is reconnected.`,
      })
    }
    if (!network) {
      problems.push({
        severity: 'error',
        code: 'network_unavailable',
        message: `${label}: this version of Murmur cannot publish to this network.`,
      })
    } else {
      const { text } = network.capabilities
      content.parts.forEach((part, index) => {
        counters.push({
          part: index + 1,
          first_comment: false,
          length: text.countText(part.text),
          max: text.maxLength,
          counted_as: text.countedAs,
        })
      })
      const firstComment = content.first_comment?.trim()
      if (firstComment) {
        counters.push({
          part: null,
          first_comment: true,
          length: text.countText(firstComment),
          max: text.maxLength,
          counted_as: text.countedAs,
        })
      }
      try {
        const draft = await draftOf(murmur, scope, content, cache)
        // "Bluesky: text is 312 / 300" → "Bluesky @bakery.bsky.social: text is 312 / 300".
        const prefix = `${network.name}: `
        for (const problem of network.validate(draft)) {
          const said = problem.message.startsWith(prefix)
            ? problem.message.slice(prefix.length)
            : problem.message
          problems.push({ ...problem, message: `${label}: ${said}` })
        }
      } catch (error) {
        // Media storage that cannot answer is Murmur's trouble (503), not the post's.
        if (!isMurmurError(error) || error.code === 'unavailable') throw error
        problems.push({
          severity: 'error',
          code: 'media_missing',
          message: `${label}: ${error.message}`,
        })
      }
    }
    checks.push({
      channel_id: channel.id,
      network: channel.network,
      channel: label,
      ok: !problems.some((problem) => problem.severity === 'error'),
      problems,
      counters,
    })
  }
  return checks
}

/** Refuses to schedule while any channel has an error, naming each channel and rule. */
export function assertPublishable(checks: ChannelCheck[]): void {
  const failing = checks.filter((check) => !check.ok)
  if (failing.length === 0) return
  const messages = failing.flatMap((check) =>
    check.problems.filter((p) => p.severity === 'error').map((p) => p.message),
  )
  throw invalid(`Cannot schedule this post yet: ${messages.join('; ')}`, {
    channels: failing.map((check) => ({
      channel_id: check.channel_id,
      network: check.network,
      problems: check.problems,
    })),
  })
}
