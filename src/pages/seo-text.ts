import { lengths } from '../seo/page-rules.js'

/**
 * Titles and meta descriptions of the lengths search results show whole (the same limits the
 * site check applies: src/seo/page-rules.ts), written from what the owner entered. Cuts fall on
 * a word boundary and end with an ellipsis; short texts are completed with useful facts rather
 * than left to look thin.
 */
const chars = (text: string) => [...text].length

export const collapse = (text: string) => text.replace(/\s+/g, ' ').trim()

/** At most `max` characters, cut at a word boundary when it can be, with "…". */
export function clip(text: string, max: number): string {
  const clean = collapse(text)
  if (chars(clean) <= max) return clean
  const cut = [...clean].slice(0, max - 1).join('')
  const space = cut.lastIndexOf(' ')
  const head = space > max * 0.6 ? cut.slice(0, space) : cut
  return `${head.replace(/[\s,;:.–-]+$/, '')}…`
}

export function homeTitle(input: {
  name: string
  seoTitle: string | null
  locality: string | null
}): string {
  if (input.seoTitle?.trim()) return clip(input.seoTitle, lengths.title.max)
  const name = collapse(input.name)
  const locality = collapse(input.locality ?? '')
  let title = locality ? `${name} in ${locality}` : name
  if (chars(title) > lengths.title.max) title = name
  if (chars(title) < lengths.title.min) title = `${title}: hours, events and links`
  return clip(title, lengths.title.max)
}

export function eventTitle(input: { title: string; date: string; business: string }): string {
  const base = `${collapse(input.title)} – ${input.date}`
  const withBusiness = `${base} | ${collapse(input.business)}`
  if (chars(withBusiness) <= lengths.title.max) return withBusiness
  if (chars(base) <= lengths.title.max) return base
  return clip(input.title, lengths.title.max)
}

const DESCRIPTION_MAX = lengths.description.max - 5

export function homeDescription(input: { name: string; description: string | null }): string {
  const about = collapse(input.description ?? '')
  const text =
    chars(about) >= lengths.description.min
      ? about
      : `${about ? `${about.replace(/[.!?]?$/, '.')} ` : ''}Opening hours, contact details, upcoming events and links of ${collapse(input.name)}, on one page.`
  return clip(text, DESCRIPTION_MAX)
}

export function eventDescription(input: {
  description: string | null
  when: string
  where: string | null
  business: string
}): string {
  const about = collapse(input.description ?? '')
  const facts = `${input.when}${input.where ? `, ${input.where}` : ''}.`
  // The date and place first: they are what a searcher checks before clicking.
  let text = collapse(`${facts} ${about}`)
  for (const filler of [
    `An event by ${collapse(input.business)}.`,
    'Free to join: save your place online.',
  ]) {
    if (chars(text) < lengths.description.min) text = `${text} ${filler}`
  }
  return clip(text, DESCRIPTION_MAX)
}
