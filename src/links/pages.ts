/**
 * The small HTML pages of the redirect: unknown link, link no longer active,
 * and the Open Graph page for link-preview fetchers. Every value from a user
 * is escaped; the pages load nothing and run no script.
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch)
}

/** Served with every page: no scripts, no frames, images only over http(s). */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: http:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex',
  'cache-control': 'no-store',
} as const

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1.25rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem;margin:0 0 .5rem}p{margin:.5rem 0;color:#57606a}a{color:#0969da}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}p{color:#9da7b3}a{color:#4493f8}}`

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>${head}<style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`
}

export function notFoundPage(): string {
  return page(
    'Link not found',
    `<h1>This link does not exist</h1>
<p>Check that it was copied whole. Short links are not case-sensitive, but every character counts.</p>`,
  )
}

export function gonePage(reason: 'expired' | 'archived'): string {
  const why =
    reason === 'expired'
      ? 'The business that shared it set it to stop working after a date, and that date has passed.'
      : 'The business that shared it has turned it off.'
  return page(
    'Link no longer active',
    `<h1>This link is no longer active</h1><p>${why}</p>
<p>If you were looking for something in particular, try the business’s website or social profiles.</p>`,
  )
}

export function unavailablePage(): string {
  return page(
    'Try again in a moment',
    '<h1>This link is taking a break</h1><p>Please try again in a moment.</p>',
  )
}

/**
 * What link-preview fetchers (Facebook, X, Slack, WhatsApp…) read to draw the
 * card. `og:url` is the short link itself, so the fetcher does not replace the
 * card with the destination's own tags; people who land here are sent on.
 */
export function previewPage(input: {
  shortUrl: string
  destination: string
  title: string | null
  description: string | null
  imageUrl: string | null
  /** For share links: their page, with the "Share this" button. */
  sharePageUrl?: string | undefined
}): string {
  const title = input.title ?? new URL(input.destination).hostname
  const meta = (property: string, content: string | null, attribute = 'property') =>
    content ? `\n<meta ${attribute}="${property}" content="${escapeHtml(content)}">` : ''
  const head = [
    meta('og:type', 'website'),
    meta('og:url', input.shortUrl),
    meta('og:title', title),
    meta('og:description', input.description),
    meta('og:image', input.imageUrl),
    meta('twitter:card', input.imageUrl ? 'summary_large_image' : 'summary', 'name'),
    meta('twitter:title', title, 'name'),
    meta('twitter:description', input.description, 'name'),
    meta('twitter:image', input.imageUrl, 'name'),
    meta('description', input.description, 'name'),
    `\n<meta http-equiv="refresh" content="0; url=${escapeHtml(input.destination)}">`,
  ].join('')
  const description = input.description ? `<p>${escapeHtml(input.description)}</p>` : ''
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>${description}
<p><a href="${escapeHtml(input.destination)}">Continue to ${escapeHtml(new URL(input.destination).hostname)}</a></p>${
      input.sharePageUrl
        ? `\n<p><a href="${escapeHtml(input.sharePageUrl)}">Share this</a>: get your own link to pass on.</p>`
        : ''
    }`,
    head,
  )
}
