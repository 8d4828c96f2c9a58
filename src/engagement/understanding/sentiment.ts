import { createRequire } from 'node:module'
import Sentiment from 'sentiment'
import type { Sentiment as SentimentLabel } from '../../storage/tables/engagement.js'

/**
 * Sentiment from the AFINN-165 lexicon (the `sentiment` package ships it, emoji included):
 * every word has a score from -5 to +5, negation ("not good") flips it, the message's score is
 * the sum. Nothing is downloaded and the reason lists exactly the words that counted.
 */
const analyzer = new Sentiment()
const lexicon = createRequire(import.meta.url)('sentiment/languages/en/labels.json') as Record<
  string,
  number
>

/** A sum at or beyond these is positive or negative; between them, neutral. */
export const POSITIVE_AT = 2
export const NEGATIVE_AT = -2
/** Long posts are judged on their start: enough for a message, bounded for a pasted essay. */
const MAX_CHARACTERS = 5000

export interface SentimentResult {
  label: SentimentLabel
  score: number
  /** Words that counted, with their score, e.g. `"love" +3`, `"good" -3 (negated)`. */
  words: string[]
  reason: string
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n))

export function sentimentOf(text: string): SentimentResult {
  const result = analyzer.analyze(text.slice(0, MAX_CHARACTERS))
  const words = result.calculation
    .flatMap((entry) => Object.entries(entry))
    .reverse() // the library lists them last word first
    .map(([word, score]) => {
      const negated = Math.sign(lexicon[word] ?? score) !== Math.sign(score)
      return `"${word}" ${signed(score)}${negated ? ' (negated)' : ''}`
    })
  const score = result.score
  const label: SentimentLabel =
    score >= POSITIVE_AT ? 'positive' : score <= NEGATIVE_AT ? 'negative' : 'neutral'
  const counted = words.length > 0 ? `: ${words.join(', ')}` : ': no word of the lexicon'
  const reason =
    label === 'neutral'
      ? `Neutral: the words sum to ${signed(score)} (between ${NEGATIVE_AT} and ${signed(POSITIVE_AT)})${counted}`
      : `${label === 'positive' ? 'Positive' : 'Negative'}: the words sum to ${signed(score)}${counted}`
  return { label, score, words, reason }
}
