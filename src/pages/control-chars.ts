/**
 * Removes C0 and C1 control characters (and DEL), except those listed in `keep`. Written as a
 * loop rather than a regular expression because these characters are exactly what lint rules
 * rightly flag in patterns.
 */
export function stripControls(text: string, keep = ''): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f)
    if (!control || keep.includes(ch)) out += ch
  }
  return out
}
