import { createHash } from 'node:crypto'
import { DomUtils, parseDocument, parseFeed } from 'htmlparser2'

/** One entry of an RSS or Atom feed, as Murmur uses it. */
export interface FeedItem {
  guid: string | null
  link: string | null
  title: string
  /** The description or summary as plain text (tags removed, entities decoded). */
  summary: string
  publishedAt: number | null
}

export interface ParsedFeed {
  title: string | null
  items: FeedItem[]
}

const plain = (html: string | undefined) =>
  html ? DomUtils.textContent(parseDocument(html)).replace(/\s+/g, ' ').trim() : ''

/**
 * Reads RSS 2.0, RSS 1.0 (RDF) or Atom with htmlparser2's feed reader. Throws an Error whose
 * message says what the document is instead ("not an RSS or Atom feed").
 */
export function parseFeedDocument(xml: string): ParsedFeed {
  const feed = parseFeed(xml, { xmlMode: true })
  if (!feed) {
    const looksHtml = /<html[\s>]/i.test(xml.slice(0, 2000))
    throw new Error(
      looksHtml
        ? 'the address shows a web page, not an RSS or Atom feed (look for the feed link on that page)'
        : 'the document is not an RSS or Atom feed',
    )
  }
  return {
    title: feed.title?.trim() || null,
    items: feed.items.map((item) => {
      const at = item.pubDate instanceof Date ? item.pubDate.getTime() : Number.NaN
      return {
        guid: item.id?.trim() || null,
        link: item.link?.trim() || null,
        title: plain(item.title),
        summary: plain(item.description),
        publishedAt: Number.isFinite(at) ? at : null,
      }
    }),
  }
}

/**
 * The keys an item is known by: its GUID and its link, each on its own, so an item is recognised
 * when a feed changes one of them. An item with neither is known by its title and summary.
 */
export function itemKeys(item: FeedItem): string[] {
  const keys: string[] = []
  if (item.guid) keys.push(`guid:${item.guid.slice(0, 500)}`)
  if (item.link) keys.push(`link:${item.link.slice(0, 500)}`)
  if (keys.length === 0) {
    const hash = createHash('sha256').update(`${item.title}\n${item.summary}`).digest('hex')
    keys.push(`text:${hash}`)
  }
  return keys
}
