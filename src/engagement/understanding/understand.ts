import type { Intent, Sentiment } from '../../storage/tables/engagement.js'
import { compileRules, type IntentRule, matchRules } from './intent-rules.js'
import { sentimentOf } from './sentiment.js'

/** One label given to a message, with the reason, so people can see why and fix a rule. */
export interface Label {
  type: 'sentiment' | 'intent'
  value: Sentiment | Intent
  reason: string
  /** Intent labels: the rule that gave it and the words it matched. */
  rule_id?: string
  rule_name?: string
  matched?: string
}

export interface Understanding {
  sentiment: Sentiment
  sentimentScore: number
  /** The most urgent intent found, or null. */
  intent: Intent | null
  intents: Intent[]
  priority: number
  labels: Label[]
}

/**
 * Inbox order when sorted by priority: complaints first, then purchase intent (both need a
 * person soon), questions, and the rest. A negative message with no rule matched ranks with
 * questions: it may be a complaint no rule knows yet.
 */
export const INTENT_PRIORITY: Record<Intent, number> = {
  complaint: 4,
  purchase: 3,
  question: 2,
  praise: 1,
}
export const BASE_PRIORITY = 1
export const NEGATIVE_PRIORITY = 2

export type Understander = (text: string) => Understanding

/** Compiles the workspace's rules once; the result reads any number of messages. */
export function understander(rules: readonly IntentRule[]): Understander {
  const compiled = compileRules(rules)
  return (text) => {
    const sentiment = sentimentOf(text)
    const labels: Label[] = [
      { type: 'sentiment', value: sentiment.label, reason: sentiment.reason },
    ]
    const intents: Intent[] = []
    for (const match of matchRules(compiled, text)) {
      if (intents.includes(match.rule.intent)) continue
      intents.push(match.rule.intent)
      labels.push({
        type: 'intent',
        value: match.rule.intent,
        reason: `Rule "${match.rule.name}" (${match.rule.intent}): the message says "${match.matched}"`,
        rule_id: match.rule.id,
        rule_name: match.rule.name,
        matched: match.matched,
      })
    }
    intents.sort((a, b) => INTENT_PRIORITY[b] - INTENT_PRIORITY[a])
    const intent = intents[0] ?? null
    const floor = sentiment.label === 'negative' ? NEGATIVE_PRIORITY : BASE_PRIORITY
    const priority = Math.max(floor, intent ? INTENT_PRIORITY[intent] : BASE_PRIORITY)
    return {
      sentiment: sentiment.label,
      sentimentScore: sentiment.score,
      intent,
      intents,
      priority,
      labels,
    }
  }
}

/** The more urgent of two intents (null counts as none). */
export function moreUrgent(a: Intent | null, b: Intent | null): Intent | null {
  if (a === null) return b
  if (b === null) return a
  return INTENT_PRIORITY[b] > INTENT_PRIORITY[a] ? b : a
}
