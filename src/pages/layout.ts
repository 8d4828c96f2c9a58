import { createHash } from 'node:crypto'
import { html, jsonForScript, raw, type SafeHtml } from './html.js'
import type { ImageView } from './model.js'
import { STYLESHEET_PATH } from './stylesheet.js'
import { bodyClasses, type PageTheme, themeCss } from './themes.js'

/** Everything the <head> of a public page says to browsers, search engines and link previews. */
export interface HeadInput {
  title: string
  description: string
  /** Absolute; null on pages that must not be indexed (404, preview). */
  canonical: string | null
  language: string
  theme: PageTheme
  noindex: boolean
  siteName: string
  image: ImageView | null
  jsonLd: Array<Record<string, unknown>>
}

export interface RenderedPage {
  html: string
  /** The Content-Security-Policy this page needs: its one inline style is allowed by hash. */
  csp: string
}

const metaProperty = (property: string, content: string | number | null | undefined) =>
  content === null || content === undefined || content === ''
    ? ''
    : html`<meta property="${property}" content="${String(content)}">`

const metaName = (name: string, content: string | null | undefined) =>
  content ? html`<meta name="${name}" content="${content}">` : ''

export function contentSecurityPolicy(styleText: string): string {
  const hash = createHash('sha256').update(styleText).digest('base64')
  return [
    "default-src 'none'",
    `style-src 'self' 'sha256-${hash}'`,
    'img-src https: http: data:',
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
  ].join('; ')
}

export function renderDocument(head: HeadInput, body: SafeHtml): RenderedPage {
  const style = themeCss(head.theme)
  const image = head.image
  const card = image ? 'summary_large_image' : 'summary'
  const page = html`<!doctype html>
<html lang="${head.language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${head.title}</title>
<meta name="description" content="${head.description}">
${head.noindex ? raw('<meta name="robots" content="noindex">\n') : ''}${head.canonical ? html`<link rel="canonical" href="${head.canonical}">\n` : ''}<link rel="stylesheet" href="${STYLESHEET_PATH}">
<style>${raw(style)}</style>
${metaProperty('og:type', 'website')}
${metaProperty('og:site_name', head.siteName)}
${metaProperty('og:title', head.title)}
${metaProperty('og:description', head.description)}
${metaProperty('og:url', head.canonical)}
${metaProperty('og:image', image?.url)}${metaProperty('og:image:width', image?.width)}${metaProperty('og:image:height', image?.height)}${metaProperty('og:image:alt', image?.alt)}
${metaName('twitter:card', card)}
${metaName('twitter:title', head.title)}
${metaName('twitter:description', head.description)}
${metaName('twitter:image', image?.url)}${metaName('twitter:image:alt', image?.alt)}
${head.jsonLd.map((block) => html`<script type="application/ld+json">${jsonForScript(block)}</script>\n`)}</head>
<body class="${bodyClasses(head.theme)}">${body}</body></html>
`
  return { html: page.text, csp: contentSecurityPolicy(style) }
}
