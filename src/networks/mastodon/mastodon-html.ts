const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
}

/**
 * Plain text of a status's `content`, which Mastodon serves as HTML: paragraphs become blank
 * lines, `<br>` a newline, links their full text (Mastodon hides parts of long URLs in
 * `<span class="invisible">`, which are still text).
 */
export function mastodonHtmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
  return decodeEntities(text)
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) {
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16))
    }
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10))
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity
  })
}

/**
 * The `max_id` of the `rel="next"` page in a Link header:
 * `<https://host/api/v1/notifications?max_id=7>; rel="next", <…?min_id=9>; rel="prev"`.
 */
export function nextMaxIdFromLink(link: string | null): string | undefined {
  if (!link) return undefined
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim())
    if (!match?.[1] || match[2] !== 'next') continue
    try {
      return new URL(match[1]).searchParams.get('max_id') ?? undefined
    } catch {
      return undefined
    }
  }
  return undefined
}
