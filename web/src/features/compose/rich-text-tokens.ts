/** Links, mentions and hashtags in a post's text, found the way the networks find them. */

export type TokenKind = 'text' | 'link' | 'mention' | 'hashtag'

export interface Token {
  kind: TokenKind
  text: string
}

// Links with a scheme, bare domains with a common ending, @mentions (handle, or user@instance)
// and #hashtags that are not only digits: close to what the networks themselves detect.
const TOKEN =
  /(https?:\/\/[^\s<>"]+)|((?<=^|[\s(])@[\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.-]+)?)|((?<=^|\s)#(?!\p{N}+\b)[\p{L}\p{N}_]+)|((?<=^|[\s(])(?:[a-z0-9-]+\.)+(?:com|org|net|io|app|social|dev|co|shop|store|blog|eu|uk|fr|de|nl|es|it|ca|us)\b(?:\/[^\s<>"]*)?)/giu

const TRAILING = /[.,;:!?)\]'"]+$/

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let last = 0
  for (const match of text.matchAll(TOKEN)) {
    let value = match[0]
    const index = match.index ?? 0
    let kind: TokenKind = match[1] || match[4] ? 'link' : match[2] ? 'mention' : 'hashtag'
    if (kind === 'link' || kind === 'mention') {
      // "see example.com." ends the sentence, not the link; "@shop." likewise.
      const trailing = value.match(TRAILING)?.[0] ?? ''
      value = value.slice(0, value.length - trailing.length)
    }
    if (kind === 'mention' && value.length < 2) kind = 'text'
    if (index > last) tokens.push({ kind: 'text', text: text.slice(last, index) })
    tokens.push({ kind, text: value })
    last = index + value.length
  }
  if (last < text.length) tokens.push({ kind: 'text', text: text.slice(last) })
  return tokens
}

/** How a network shows a long link: without the scheme, cut after about 30 characters. */
export function displayLink(url: string): string {
  const bare = url.replace(/^https?:\/\//i, '').replace(/^www\./i, '')
  return bare.length > 32 ? `${bare.slice(0, 30)}…` : bare
}
