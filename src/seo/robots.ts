import robotsParserModule from 'robots-parser'
import { type SafeFetchOptions, safeFetch } from '../net/safe-fetch/index.js'

// The package is CommonJS (module.exports = function) but its types declare a default export.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default

/** The robots.txt of one origin, as the crawler obeys it. */
export interface RobotsFile {
  url: string
  /** Why there is none ("answered 404"), or null when it was read. */
  problem: string | null
  /** Null when the URL is allowed, else the robots.txt line that forbids it ("line 3"). */
  blockedBy(url: string): string | null
  sitemaps: string[]
}

/** The product token robots.txt groups are matched against. */
export const robotsAgent = 'MurmurBot'

/**
 * Reads origin/robots.txt. Missing or unreadable means everything is allowed, as search engines
 * treat a 4xx; a 5xx also allows here (Google pauses crawling instead), and is reported.
 */
export async function readRobots(origin: string, options: SafeFetchOptions): Promise<RobotsFile> {
  const url = `${origin}/robots.txt`
  let problem: string | null = null
  let text = ''
  try {
    const response = await safeFetch(url, { ...options, maxBytes: 512 * 1024 })
    if (response.status !== 200) problem = `it answered ${response.status}`
    else text = response.text ?? response.body.toString('utf8')
  } catch (error) {
    problem = error instanceof Error ? error.message.replace(/\.$/, '') : String(error)
  }
  const robots = robotsParser(url, text)
  return {
    url,
    problem,
    blockedBy(target) {
      if (robots.isAllowed(target, robotsAgent) !== false) return null
      const line = robots.getMatchingLineNumber(target, robotsAgent)
      return line > 0 ? `line ${line}` : 'a Disallow rule'
    },
    sitemaps: robots.getSitemaps(),
  }
}
