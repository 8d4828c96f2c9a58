import { isbot } from 'isbot'
import { UAParser } from 'ua-parser-js'

/**
 * Who is asking for a link: a person, a link-preview fetcher (which gets the
 * Open Graph page and is not counted), or another bot (not counted).
 */
export type AgentKind = 'human' | 'preview' | 'bot'

/**
 * Fetchers that build link previews in posts and chats. Each pattern is narrow
 * on purpose: in-app browsers (FBAN, Instagram, LinkedInApp, Pinterest for iOS)
 * are people and must not match.
 */
export const PREVIEW_FETCHERS = [
  'facebookexternalhit',
  'facebot',
  'meta-externalagent',
  'meta-externalfetcher',
  'twitterbot',
  'linkedinbot',
  'slackbot',
  'slack-imgproxy',
  'discordbot',
  'whatsapp',
  'telegrambot',
  'pinterestbot',
  'pinterest/0\\.',
  'redditbot',
  'skypeuripreview',
  'microsoftpreview',
  'applebot',
  'embedly',
  'iframely',
  'vkshare',
  'bluesky',
  'cardyb',
  'mastodon/',
  'snap url preview',
  'viber',
  'thirdlandingpagefeinfra',
  'google-pagerenderer',
]

const PREVIEW_PATTERN = new RegExp(PREVIEW_FETCHERS.join('|'), 'i')

/** A user agent as the redirect remembers it: its kind, and one shared copy of the string. */
export interface KnownAgent {
  kind: AgentKind
  /**
   * The first copy of this user agent seen: a click keeps this one in memory
   * until it is written, not the copy in its request headers, so a buffer of
   * clicks holds each distinct user agent once (about 45% of a click's memory).
   */
  userAgent: string
}

// The two patterns cost a few microseconds per agent; the same agents come back again and again.
const recentAgents = new Map<string, KnownAgent>()
const MAX_REMEMBERED_AGENTS = 2_000

/** The kind of a (non-empty) user agent, from a small cache. */
export function knownAgent(userAgent: string): KnownAgent {
  let known = recentAgents.get(userAgent)
  if (known === undefined) {
    const kind = PREVIEW_PATTERN.test(userAgent) ? 'preview' : isbot(userAgent) ? 'bot' : 'human'
    known = { kind, userAgent }
    if (recentAgents.size >= MAX_REMEMBERED_AGENTS) recentAgents.clear()
    recentAgents.set(userAgent, known)
  }
  return known
}

export function classifyAgent(method: string, userAgent: string | undefined | null): AgentKind {
  if (!userAgent) return 'bot' // every browser sends one
  const kind = knownAgent(userAgent).kind
  if (kind === 'human' && method === 'HEAD') return 'bot' // people's browsers always GET
  return kind
}

export type Device = 'desktop' | 'mobile' | 'tablet' | 'other'

export interface AgentDescription {
  device: Device
  browser: string | null
  os: string | null
}

const DEVICE: Record<string, Device> = {
  mobile: 'mobile',
  tablet: 'tablet',
  smarttv: 'other',
  console: 'other',
  wearable: 'mobile',
  xr: 'other',
  embedded: 'other',
}

/** Device class, browser and operating system names from a user agent (ua-parser-js). */
export function describeAgent(userAgent: string): AgentDescription {
  const result = UAParser(userAgent)
  const type = result.device.type
  return {
    // ua-parser-js leaves the type empty for desktops
    device: type ? (DEVICE[type] ?? 'other') : result.os.name ? 'desktop' : 'other',
    browser: result.browser.name ?? null,
    os: result.os.name ?? null,
  }
}
