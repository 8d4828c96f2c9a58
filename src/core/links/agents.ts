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

// The two patterns cost a few microseconds per agent; the same agents come back again and again.
const recentKinds = new Map<string, AgentKind>()
const MAX_REMEMBERED_AGENTS = 2_000

function kindOf(userAgent: string): AgentKind {
  let kind = recentKinds.get(userAgent)
  if (kind === undefined) {
    kind = PREVIEW_PATTERN.test(userAgent) ? 'preview' : isbot(userAgent) ? 'bot' : 'human'
    if (recentKinds.size >= MAX_REMEMBERED_AGENTS) recentKinds.clear()
    recentKinds.set(userAgent, kind)
  }
  return kind
}

export function classifyAgent(method: string, userAgent: string | undefined | null): AgentKind {
  if (!userAgent) return 'bot' // every browser sends one
  const kind = kindOf(userAgent)
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
