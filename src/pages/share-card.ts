import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { escapeHtml } from './html.js'
import type { PageTheme } from './themes.js'
import { inkOn } from './themes.js'

/**
 * The link-preview image of a page that has none: a 1200×630 card in the page's colours with its
 * title, drawn from an SVG by sharp. Its address carries a hash of what it shows, so a changed
 * title is a new address and previews never keep a stale card.
 */
export interface CardSpec {
  title: string
  subtitle: string | null
  theme: PageTheme
}

const PALETTE_BACKGROUND: Record<PageTheme['palette'], string> = {
  light: '#f7f7f8',
  warm: '#fbf6ee',
  dark: '#111317',
  forest: '#f1f6f1',
}

export function cardHash(spec: CardSpec): string {
  return createHash('sha256')
    .update(JSON.stringify([spec.title, spec.subtitle, spec.theme.palette, spec.theme.accent]))
    .digest('hex')
    .slice(0, 12)
}

/** Splits text into at most `lines` lines of about `width` characters, with "…" when cut. */
export function wrap(text: string, width: number, lines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ')
  const out: string[] = []
  let current = ''
  for (const word of words) {
    const next = current ? `${current} ${word}` : word
    if ([...next].length <= width) current = next
    else {
      if (current) out.push(current)
      current = [...word].length > width ? `${[...word].slice(0, width - 1).join('')}…` : word
    }
    if (out.length === lines) break
  }
  if (out.length < lines && current) out.push(current)
  const used = out.join(' ').replace(/…$/, '')
  if (used.length < text.replace(/\s+/g, ' ').trim().length && out.length > 0) {
    const last = out[out.length - 1] ?? ''
    if (!last.endsWith('…')) out[out.length - 1] = `${[...last].slice(0, width - 1).join('')}…`
  }
  return out
}

export function cardSvg(spec: CardSpec): string {
  const background = PALETTE_BACKGROUND[spec.theme.palette]
  const ink = inkOn(background)
  const titleLines = wrap(spec.title, 24, 3)
  const lineHeight = 88
  const top = 315 - ((titleLines.length - 1) * lineHeight) / 2 - (spec.subtitle ? 30 : 0)
  const title = titleLines
    .map(
      (line, index) =>
        `<text x="96" y="${top + index * lineHeight}" font-size="76" font-weight="700">${escapeHtml(line)}</text>`,
    )
    .join('')
  const subtitle = spec.subtitle
    ? `<text x="96" y="${top + titleLines.length * lineHeight + 8}" font-size="40" opacity="0.8">${escapeHtml(wrap(spec.subtitle, 44, 1)[0] ?? '')}</text>`
    : ''
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="${background}"/><rect width="24" height="630" fill="${spec.theme.accent}"/>
<rect x="96" y="520" width="160" height="12" rx="6" fill="${spec.theme.accent}"/>
<g font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" fill="${ink}">${title}${subtitle}</g></svg>`
}

export async function renderCard(spec: CardSpec): Promise<Buffer> {
  return sharp(Buffer.from(cardSvg(spec)))
    .jpeg({ quality: 85, mozjpeg: true })
    .toBuffer()
}
