/**
 * How LinkedIn reads `commentary` in the little text format, written independently of Murmur's
 * adapter: backslash escapes, #hashtags, @[Name](urn) mentions, {hashtag|\#|tag} templates and
 * links are understood; the first other unescaped reserved character cuts the text there (the
 * documented silent truncation). Returns what LinkedIn keeps and what a reader sees.
 */
const RESERVED = new Set([
  '\\',
  '|',
  '{',
  '}',
  '@',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '#',
  '*',
  '_',
  '~',
])

export function readLittle(input: string): { kept: string; visible: string } {
  let visible = ''
  let index = 0
  while (index < input.length) {
    const rest = input.slice(index)
    const link = /^(?:https?:\/\/|www\.)[^\s<>"]+/i.exec(rest)
    if (link) {
      visible += link[0]
      index += link[0].length
      continue
    }
    const character = input[index]!
    if (character === '\\' && index + 1 < input.length && RESERVED.has(input[index + 1]!)) {
      visible += input[index + 1]
      index += 2
      continue
    }
    const hashtag = /^#[\p{L}\p{N}]+/u.exec(rest)
    if (hashtag) {
      visible += hashtag[0]
      index += hashtag[0].length
      continue
    }
    const template = /^\{hashtag\|\\#\|([^}]+)\}/.exec(rest)
    if (template) {
      visible += `#${template[1]}`
      index += template[0].length
      continue
    }
    const mention = /^@\[([^\]]*)\]\((urn:li:(?:person|organization):[^)]+)\)/.exec(rest)
    if (mention) {
      visible += `@${mention[1]}`
      index += mention[0].length
      continue
    }
    if (RESERVED.has(character)) return { kept: input.slice(0, index), visible }
    visible += character
    index++
  }
  return { kept: input, visible }
}
