import type { NetworkCapabilities } from '../spec/network-capabilities.js'
import type { Draft, DraftMedia } from '../spec/network-draft.js'
import type { Problem, ProblemCode, ProblemSeverity } from '../spec/network-problem.js'
import { countGraphemes } from './text-length.js'

interface NetworkDescription {
  name: string
  capabilities: NetworkCapabilities
}

interface Place {
  part?: number
  partCount: number
  media?: number
  mediaKind?: string
  firstComment?: boolean
}

/**
 * The checks every network shares, driven by its capabilities. Networks add their own rules
 * (Bluesky's byte limit) on top.
 */
export function validateDraftAgainstCapabilities(
  network: NetworkDescription,
  draft: Draft,
): Problem[] {
  const { name, capabilities } = network
  const problems: Problem[] = []
  const report = (severity: ProblemSeverity, code: ProblemCode, place: Place, detail: string) => {
    problems.push(makeProblem(name, severity, code, place, detail))
  }
  const partCount = draft.parts.length

  if (partCount === 0) {
    report('error', 'no_parts', { partCount }, 'the post is empty')
    return problems
  }
  if (partCount > 1 && capabilities.threads === null) {
    report('error', 'threads_unsupported', { partCount }, `threads are not possible on ${name}`)
  } else if (capabilities.threads && partCount > capabilities.threads.maxParts) {
    report(
      'error',
      'too_many_parts',
      { partCount },
      `the thread has ${partCount} parts; at most ${capabilities.threads.maxParts}`,
    )
  }
  if (draft.replyTo && !capabilities.replies) {
    report('error', 'reply_unsupported', { partCount }, `replies are not possible on ${name}`)
  }

  draft.parts.forEach((part, partIndex) => {
    const place: Place = { part: partIndex + 1, partCount }
    const { media } = part
    if (part.text.trim() === '' && media.length === 0) {
      report('error', 'text_empty', place, 'has no text and no media')
    }
    if (capabilities.media.required && media.length === 0) {
      report('error', 'media_required', place, `needs an image or a video on ${name}`)
    }
    checkTextLength(part.text, capabilities, place, report)
    if (media.length > capabilities.media.maxCount) {
      const most = capabilities.media.maxCount
      report(
        'error',
        'too_many_media',
        place,
        most === 0
          ? `has ${media.length} attachments; ${name} takes none`
          : `has ${media.length} attachments; ${name} takes at most ${most}`,
      )
    }
    media.forEach((item, mediaIndex) => {
      checkMedia(item, capabilities, { ...place, media: mediaIndex + 1 }, report)
    })
  })

  const firstComment = draft.firstComment?.trim()
  if (firstComment) {
    const place: Place = { partCount, firstComment: true }
    if (!capabilities.firstComment) {
      report('error', 'first_comment_unsupported', place, `is not possible on ${name}`)
    } else {
      checkTextLength(firstComment, capabilities, place, report)
    }
  }
  return problems
}

type Report = (severity: ProblemSeverity, code: ProblemCode, place: Place, detail: string) => void

function checkTextLength(
  text: string,
  capabilities: NetworkCapabilities,
  place: Place,
  report: Report,
) {
  const length = capabilities.text.countText(text)
  if (length > capabilities.text.maxLength) {
    report(
      'error',
      'text_too_long',
      place,
      `is ${formatNumber(length)} / ${formatNumber(capabilities.text.maxLength)} characters`,
    )
  }
}

function checkMedia(
  item: DraftMedia,
  capabilities: NetworkCapabilities,
  place: Place,
  report: Report,
) {
  const located = { ...place, mediaKind: item.mimeType.startsWith('video/') ? 'video' : 'image' }
  const { media, altText } = capabilities
  if (!media.mimeTypes.includes(item.mimeType)) {
    report(
      'error',
      'media_type_unsupported',
      located,
      `is ${item.mimeType || 'of an unknown type'}; accepted: ${media.mimeTypes.join(', ')}`,
    )
  }
  if (item.data.byteLength > media.maxBytes) {
    report(
      'error',
      'media_too_large',
      located,
      `is ${formatBytes(item.data.byteLength)}; at most ${formatBytes(media.maxBytes)}`,
    )
  }
  if (altText === null) return
  const alt = item.altText?.trim() ?? ''
  if (alt === '') {
    report(altText.required ? 'error' : 'warning', 'alt_text_missing', located, 'has no alt text')
  } else if (countGraphemes(alt) > altText.maxLength) {
    report(
      'error',
      'alt_text_too_long',
      located,
      `has ${formatNumber(countGraphemes(alt))} / ${formatNumber(altText.maxLength)} characters of alt text`,
    )
  }
}

/** "Bluesky: image 1 in part 2 has no alt text", "Bluesky: text is 312 / 300 characters". */
export function makeProblem(
  networkName: string,
  severity: ProblemSeverity,
  code: ProblemCode,
  place: Place,
  detail: string,
): Problem {
  const inPart = place.part !== undefined && place.partCount > 1 ? ` in part ${place.part}` : ''
  let subject: string
  if (place.firstComment) subject = 'first comment'
  else if (place.media !== undefined)
    subject = `${place.mediaKind ?? 'media'} ${place.media}${inPart}`
  else if (code === 'text_too_long') subject = `text${inPart}`
  else if (place.part !== undefined)
    subject = place.partCount > 1 ? `part ${place.part}` : 'the post'
  else subject = ''
  // "the post is empty" and friends already carry their subject.
  const sentence = subject === '' ? detail : `${subject} ${detail}`
  return {
    severity,
    code,
    message: `${networkName}: ${sentence}`,
    ...(place.part !== undefined && { part: place.part }),
    ...(place.media !== undefined && { media: place.media }),
    ...(place.firstComment && { firstComment: true }),
  }
}

export function formatNumber(value: number): string {
  return value.toLocaleString('en-US')
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(0)} kB`
  return `${bytes} bytes`
}
