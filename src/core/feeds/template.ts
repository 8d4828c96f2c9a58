/** The placeholders a feed's template may use. */
export const TEMPLATE_PLACEHOLDERS = ['title', 'link', 'summary'] as const
export const DEFAULT_TEMPLATE = '{title} {link}'

/** Why a template cannot be used, or null when it can. */
export function templateProblem(template: string): string | null {
  if (!template.trim()) return 'The template is empty: write something like "{title} {link}".'
  const unknown = [...template.matchAll(/\{([a-z_]+)\}/gi)]
    .map((match) => match[1]!)
    .filter((name) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name))
  if (unknown.length > 0) {
    return `Unknown placeholder {${unknown[0]}}: the template can use {title}, {link} and {summary}.`
  }
  if (!/\{(title|link|summary)\}/.test(template)) {
    return 'The template uses none of {title}, {link} or {summary}: every post would be the same.'
  }
  return null
}

export interface TemplateValues {
  title: string
  link: string
  summary: string
}

const fill = (template: string, values: TemplateValues) =>
  template
    .replace(/\{(title|link|summary)\}/g, (_, name: keyof TemplateValues) => values[name])
    // An empty placeholder leaves no double space or space before a line break behind.
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .trim()

/**
 * The post's text for an item. When `fits` says it is too long for a channel, the summary is
 * shortened at a word (with "…"), then the title; the link is never cut.
 */
export function renderTemplate(
  template: string,
  values: TemplateValues,
  fits: (text: string) => boolean = () => true,
): string {
  let current = { ...values }
  let text = fill(template, current)
  for (const field of ['summary', 'title'] as const) {
    if (fits(text)) return text
    const words = current[field].split(/\s+/).filter(Boolean)
    // Drop words from the end until it fits, or the field is gone.
    let low = 0
    let high = words.length
    while (low < high) {
      const middle = Math.ceil((low + high) / 2)
      const candidate = { ...current, [field]: shorten(words, middle) }
      if (fits(fill(template, candidate))) low = middle
      else high = middle - 1
    }
    current = { ...current, [field]: shorten(words, low) }
    text = fill(template, current)
  }
  return text
}

const shorten = (words: string[], count: number) =>
  count >= words.length ? words.join(' ') : count === 0 ? '' : `${words.slice(0, count).join(' ')}…`
