import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { addPoints, decay, HALF_LIFE_MS, scoreNow } from '../../src/engagement/score.js'
import { ruleStage } from '../../src/engagement/stages.js'
import { DEFAULT_RULES } from '../../src/engagement/understanding/default-rules.js'
import { phraseProblem } from '../../src/engagement/understanding/intent-rules.js'
import { sentimentOf } from '../../src/engagement/understanding/sentiment.js'
import { understander } from '../../src/engagement/understanding/understand.js'
import { placeholderValues, renderSavedReply } from '../../src/services/saved-replies.js'
import { CONTACT_STAGES } from '../../src/storage/tables/engagement.js'

const rules = DEFAULT_RULES.map((rule, i) => ({ ...rule, id: `r${i}`, enabled: true }))
const read = understander(rules)

describe('sentiment', () => {
  test('labels follow the lexicon, negation included, and say which words counted', () => {
    expect(sentimentOf('I love this bakery, the croissants are amazing')).toMatchObject({
      label: 'positive',
      reason: expect.stringMatching(/"love" \+3.*"amazing" \+4/),
    })
    const negated = sentimentOf('The bread was not good')
    expect(negated.label).toBe('negative')
    expect(negated.reason).toMatch(/"good" -3 \(negated\)/)
    expect(sentimentOf('Open on Sunday at 9')).toMatchObject({
      label: 'neutral',
      reason: expect.stringMatching(/no word of the lexicon/),
    })
    expect(sentimentOf('😡😡 this is bad').label).toBe('negative')
  })
})

describe('intent rules', () => {
  const cases: Array<[string, string | null, RegExp]> = [
    ['How much is a dozen?', 'purchase', /Rule "Price" \(purchase\): the message says "How much"/i],
    ['Do you still have rye bread', 'purchase', /Rule "Availability"/],
    ["I'd like to book a table for four", 'purchase', /Rule "Booking"/],
    ['Where can I buy your jam?', 'purchase', /Rule "How to buy"/],
    ['My order never arrived, I want a refund', 'complaint', /Rule "Something went wrong"/],
    ['Disappointed with the service', 'complaint', /Rule "Unhappy"/],
    ['What time do you open?', 'question', /Rule "Question"/],
    ['Thank you, delicious as always ❤️', 'praise', /Rule "Praise"/],
    ['Just passing by', null, /./],
  ]
  test.each(cases)('%s → %s, with the reason', (text, intent, reason) => {
    const result = read(text)
    expect(result.intent).toBe(intent)
    if (intent) {
      const label = result.labels.find((l) => l.type === 'intent' && l.value === intent)
      expect(label?.reason).toMatch(reason)
    }
  })

  test('whole words only: "cost" is not "costume", "price" not "priceless"', () => {
    expect(read('Love your costume').intents).not.toContain('purchase')
    expect(read('That smile was priceless').intents).not.toContain('purchase')
  })

  test('complaints and purchase intent come first', () => {
    const both = read('Terrible service, but how much is the cake?')
    expect(both.intent).toBe('complaint')
    expect(both.intents).toEqual(['complaint', 'purchase', 'question'])
    expect(both.priority).toBe(4)
    expect(read('How much?').priority).toBe(3)
    expect(read('When do you open?').priority).toBe(2)
    expect(read('Thanks!').priority).toBe(1)
    // Negative with no rule: ranks with questions, it may be a complaint no rule knows.
    expect(read('This is sad and bad').priority).toBe(2)
  })

  test('matching ignores case, accents and typographic apostrophes (property)', () => {
    const phrases = rules.flatMap((r) =>
      r.phrases.filter((p) => /^[a-z' ]+$/.test(p)).map((p) => [p, r.intent] as const),
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...phrases),
        fc.constantFrom('', 'Hello! ', 'ok so '),
        fc.boolean(),
        ([phrase, intent], prefix, upper) => {
          const written = (upper ? phrase.toUpperCase() : phrase).replace(/'/g, '\u2019')
          expect(read(`${prefix}${written} thanks`).intents).toContain(intent)
        },
      ),
    )
    expect(read('Quel est le PRÍCE').intents).toContain('purchase')
  })

  test('every label carries a reason; rules never throw on any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const result = read(text)
        expect(result.labels[0]?.type).toBe('sentiment')
        for (const label of result.labels) expect(label.reason.length).toBeGreaterThan(10)
        expect(result.priority).toBeGreaterThanOrEqual(1)
      }),
    )
  })

  test('bad phrases are refused with a reason', () => {
    expect(phraseProblem('')).toMatch(/empty/)
    expect(phraseProblem('/[a-/')).toMatch(/not a valid regular expression/)
    expect(phraseProblem('/wedding (cake|tart)s?/')).toBeNull()
    const custom = understander([
      {
        id: 'x',
        intent: 'purchase',
        name: 'Cakes',
        phrases: ['/wedding (cake|tart)s?/'],
        enabled: true,
      },
    ])
    expect(custom('Do you make Wedding Tarts').labels[1]?.matched).toBe('Wedding Tarts')
  })
})

describe('stages and score', () => {
  test('rules only move contacts forward; lost comes back only on purchase intent or a sale', () => {
    expect(ruleStage('audience', 'message')).toBe('engaged')
    expect(ruleStage('lead', 'message')).toBeNull()
    expect(ruleStage('engaged', 'purchase_intent')).toBe('lead')
    expect(ruleStage('customer', 'purchase_intent')).toBeNull()
    expect(ruleStage('lost', 'message')).toBeNull()
    expect(ruleStage('lost', 'purchase_intent')).toBe('lead')
    expect(ruleStage('lead', 'sale')).toBe('customer')
    fc.assert(
      fc.property(
        fc.constantFrom(...CONTACT_STAGES),
        fc.constantFrom('message', 'purchase_intent', 'lead_conversion', 'sale' as const),
        (stage, event) => {
          const next = ruleStage(stage, event)
          if (next === null) return
          const rank = ['lost', 'audience', 'engaged', 'lead', 'customer']
          expect(rank.indexOf(next)).toBeGreaterThan(rank.indexOf(stage))
        },
      ),
    )
  })

  test('points halve every 30 days and adding is order-independent (property)', () => {
    expect(decay(8, 0, HALF_LIFE_MS)).toBeCloseTo(4)
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 1e10 })), {
          minLength: 1,
          maxLength: 20,
        }),
        (events) => {
          const forward = events.reduce((s, [p, at]) => addPoints(s, p, at), { points: 0, at: 0 })
          const backward = [...events]
            .reverse()
            .reduce((s, [p, at]) => addPoints(s, p, at), { points: 0, at: 0 })
          const now = 2e10
          expect(scoreNow(forward, now)).toBeCloseTo(scoreNow(backward, now), 5)
        },
      ),
    )
  })

  test('saved replies: placeholders filled, with a friendly fallback', () => {
    const anna = placeholderValues({
      first_name: null,
      display_name: 'Anna Schmidt',
      handle: 'anna.bsky.social',
    })
    expect(renderSavedReply('Hi {first_name} ({handle}), {name}!', anna)).toBe(
      'Hi Anna (@anna.bsky.social), Anna Schmidt!',
    )
    const nobody = placeholderValues({ first_name: null, display_name: '🥐🥐', handle: null })
    expect(renderSavedReply('Hi {first_name}!', nobody)).toBe('Hi there!')
  })
})
