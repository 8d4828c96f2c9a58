/** Content types whose body Murmur reads as text. */
export function isTextual(contentType: string | null): boolean {
  if (!contentType) return false
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  return (
    type.startsWith('text/') ||
    type.endsWith('+xml') ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type === 'application/json' ||
    type === 'application/javascript'
  )
}

/** Decodes with the charset of the header, else of a <meta charset> near the top, else UTF-8. */
export function decodeText(body: Buffer, contentType: string | null): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1]
  const head = body.subarray(0, 1024).toString('latin1')
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1]
  for (const label of [fromHeader, fromMeta, 'utf-8']) {
    if (!label) continue
    try {
      return new TextDecoder(label).decode(body)
    } catch {
      // Unknown charset label: try the next one.
    }
  }
  return body.toString('utf8')
}
