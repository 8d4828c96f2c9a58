import type { Intent } from '../../storage/tables/engagement.js'

/** A rule as the matcher needs it (stored rows and the defaults both become this). */
export interface IntentRule {
  id: string
  intent: Intent
  name: string
  phrases: string[]
  enabled: boolean
}

export interface IntentMatch {
  rule: IntentRule
  /** The phrase of the rule that matched, as the rule has it. */
  phrase: string
  /** The words of the message it matched. */
  matched: string
}

interface CompiledRule {
  rule: IntentRule
  patterns: Array<{ phrase: string; test: RegExp }>
}

const MAX_PHRASE = 200
/** Messages are matched on their start, which bounds the work of any rule. */
const MAX_CHARACTERS = 5000

/** Lower case, without accents, typographic apostrophes made straight: what phrases compare with. */
export function normalizeForMatching(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase()
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const WORD = /[\p{L}\p{N}]/u

/** Why a phrase cannot be used, or null when it can. */
export function phraseProblem(phrase: string): string | null {
  if (phrase.trim() === '') return 'A phrase cannot be empty.'
  if (phrase.length > MAX_PHRASE) return `A phrase is at most ${MAX_PHRASE} characters.`
  const regex = /^\/(.+)\/$/s.exec(phrase)
  if (regex) {
    try {
      new RegExp(regex[1] ?? '', 'iu')
    } catch (error) {
      return `"${phrase}" is not a valid regular expression (${(error as Error).message}).`
    }
  }
  return null
}

function compilePhrase(phrase: string): RegExp {
  const regex = /^\/(.+)\/$/s.exec(phrase)
  if (regex) return new RegExp(regex[1] ?? '', 'iu')
  const normalized = normalizeForMatching(phrase.trim())
  const body = normalized.split(/\s+/).map(escapeRegExp).join('\\s+')
  const first = normalized.at(0) ?? ''
  const last = normalized.at(-1) ?? ''
  // Whole words only where the phrase starts or ends with a letter or digit: "cost" is not "costume".
  const before = WORD.test(first) ? '(?<![\\p{L}\\p{N}])' : ''
  const after = WORD.test(last) ? '(?![\\p{L}\\p{N}])' : ''
  return new RegExp(`${before}${body}${after}`, 'u')
}

export function compileRules(rules: readonly IntentRule[]): CompiledRule[] {
  return rules
    .filter((rule) => rule.enabled)
    .map((rule) => ({
      rule,
      patterns: rule.phrases
        .filter((phrase) => phraseProblem(phrase) === null)
        .map((phrase) => ({ phrase, test: compilePhrase(phrase) })),
    }))
}

/** The first phrase of each rule found in `text`, rules in their order. */
export function matchRules(compiled: readonly CompiledRule[], text: string): IntentMatch[] {
  const raw = text.slice(0, MAX_CHARACTERS)
  const normalized = normalizeForMatching(raw)
  const matches: IntentMatch[] = []
  for (const { rule, patterns } of compiled) {
    for (const { phrase, test } of patterns) {
      // Regular expressions see the text as written; phrases see it normalised.
      const found = test.exec(phrase.startsWith('/') ? raw : normalized)
      if (found) {
        matches.push({ rule, phrase, matched: found[0] })
        break
      }
    }
  }
  return matches
}
