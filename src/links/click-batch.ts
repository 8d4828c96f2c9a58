import type { PendingClick } from './click-recorder.js'

/**
 * A batch of clicks packed for postMessage to the click worker. Copying an
 * array of objects to another thread (structured clone) costs the main thread
 * several microseconds a click, about as much as answering the redirect; typed
 * arrays and a few joined strings cost a fraction of that. Links, user agents
 * and referrers repeat within a batch, so each is sent once and referred to
 * by its index.
 */
export interface PackedClicks {
  count: number
  /** Click ids joined with "\n". */
  ids: string
  /** Visitor addresses joined with "\n" (header values and socket addresses hold no newline). */
  ips: string
  at: Float64Array
  /** Index of the click's pair in `links` (link id, then workspace id). */
  link: Uint32Array
  agent: Uint32Array
  /** Index into `referers`; 0 is no referrer. */
  referer: Uint32Array
  /** Bit 1: a bot or preview fetcher; bit 2: came from a QR scan. */
  flags: Uint8Array
  links: string[]
  agents: string[]
  referers: (string | null)[]
}

export function packClicks(batch: readonly PendingClick[]): PackedClicks {
  const count = batch.length
  const ids = new Array<string>(count)
  const ips = new Array<string>(count)
  const at = new Float64Array(count)
  const link = new Uint32Array(count)
  const agent = new Uint32Array(count)
  const referer = new Uint32Array(count)
  const flags = new Uint8Array(count)
  const links: string[] = []
  const agents: string[] = []
  const referers: (string | null)[] = [null]
  const linkIndex = new Map<string, number>()
  const agentIndex = new Map<string, number>()
  const refererIndex = new Map<string, number>()
  for (let i = 0; i < count; i++) {
    const click = batch[i] as PendingClick
    ids[i] = click.clickId
    ips[i] = click.ip
    at[i] = click.at
    let index = linkIndex.get(click.linkId)
    // A link belongs to one workspace; the check costs little and keeps any other pair intact.
    if (index === undefined || links[index * 2 + 1] !== click.workspaceId) {
      index = links.length / 2
      links.push(click.linkId, click.workspaceId)
      linkIndex.set(click.linkId, index)
    }
    link[i] = index
    index = agentIndex.get(click.userAgent)
    if (index === undefined) {
      index = agents.push(click.userAgent) - 1
      agentIndex.set(click.userAgent, index)
    }
    agent[i] = index
    if (click.referer !== null) {
      index = refererIndex.get(click.referer)
      if (index === undefined) {
        index = referers.push(click.referer) - 1
        refererIndex.set(click.referer, index)
      }
      referer[i] = index
    }
    flags[i] = (click.isBot ? 1 : 0) | (click.viaQr ? 2 : 0)
  }
  return {
    count,
    ids: ids.join('\n'),
    ips: ips.join('\n'),
    at,
    link,
    agent,
    referer,
    flags,
    links,
    agents,
    referers,
  }
}

export function unpackClicks(packed: PackedClicks): PendingClick[] {
  if (packed.count === 0) return []
  const ids = packed.ids.split('\n')
  const ips = packed.ips.split('\n')
  const batch = new Array<PendingClick>(packed.count)
  for (let i = 0; i < packed.count; i++) {
    const link = (packed.link[i] as number) * 2
    const flags = packed.flags[i] as number
    batch[i] = {
      clickId: ids[i] as string,
      linkId: packed.links[link] as string,
      workspaceId: packed.links[link + 1] as string,
      at: packed.at[i] as number,
      ip: ips[i] as string,
      userAgent: packed.agents[packed.agent[i] as number] as string,
      referer: packed.referers[packed.referer[i] as number] ?? null,
      isBot: (flags & 1) !== 0,
      viaQr: (flags & 2) !== 0,
    }
  }
  return batch
}
