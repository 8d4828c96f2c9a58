/**
 * A tiny tagged template for HTML: every interpolated value is escaped unless it is already
 * `SafeHtml` (the result of another html`` or of `raw`). Arrays are joined, null, undefined and
 * false render nothing. Escaping `& < > " '` makes a value safe in element content and in quoted
 * attribute values, which is the only way the templates use them.
 */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | HtmlValue[]

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

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof SafeHtml) return value.text
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '')
  return new SafeHtml(out)
}

/** Markup the code itself wrote (never user text). */
export const raw = (text: string) => new SafeHtml(text)

/**
 * An address for href/src: only http(s), mailto: and tel: pass; anything else (javascript:,
 * data:, garbage) becomes an inert "#". Inputs are validated when saved; this is the second lock.
 */
export function safeUrl(url: string | null | undefined): string {
  if (!url) return '#'
  const trimmed = url.trim()
  if (/^(https?:\/\/|mailto:|tel:)/i.test(trimmed)) return trimmed
  if (trimmed.startsWith('/') && !trimmed.startsWith('//')) return trimmed
  return '#'
}

/**
 * JSON for a <script type="application/ld+json"> block: `<`, `>` and `&` are written as \u
 * escapes so no value can close the script element, and U+2028/2029 cannot break old parsers.
 */
export function jsonForScript(value: unknown): SafeHtml {
  const text = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
  return new SafeHtml(text)
}

/** Text with its line breaks kept: paragraphs on blank lines, <br> on single ones. */
export function paragraphs(text: string | null | undefined): SafeHtml {
  if (!text?.trim()) return raw('')
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
  return html`${blocks.map(
    (block) =>
      html`<p>${block.split('\n').map((line, index) => (index === 0 ? line : html`<br>${line}`))}</p>`,
  )}`
}
