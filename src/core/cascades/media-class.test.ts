import { describe, expect, test } from 'vitest'
import { classifyMedia, earnedMediaValue, isPaidMedium } from './media-class.js'

describe('owned, earned and paid', () => {
  test('paid wins: a flagged link or a paid utm_medium', () => {
    expect(classifyMedia({ paidLink: true, shareDepth: 2 })).toEqual({
      mediaClass: 'paid',
      reason: 'the link is flagged paid',
    })
    expect(classifyMedia({ utmMedium: ' CPC ', shareDepth: 0 }).mediaClass).toBe('paid')
    for (const medium of ['cpc', 'paid', 'ads', 'Paid_Social', 'paid-search'])
      expect(isPaidMedium(medium)).toBe(true)
    for (const medium of ['email', 'social', '', null, undefined, 'adx'])
      expect(isPaidMedium(medium)).toBe(false)
  })

  test('earned: through someone else’s share, a reshare, or a referral from elsewhere', () => {
    expect(classifyMedia({ shareDepth: 1, utmMedium: 'social' })).toEqual({
      mediaClass: 'earned',
      reason: "came through someone's share (generation 1)",
    })
    expect(classifyMedia({ viaReshare: true }).mediaClass).toBe('earned')
    expect(classifyMedia({ referrerOwned: false }).mediaClass).toBe('earned')
  })

  test('owned: the business’s own post, link or profile, and direct visits', () => {
    expect(classifyMedia({ shareDepth: 0 }).mediaClass).toBe('owned')
    expect(classifyMedia({ referrerOwned: true }).mediaClass).toBe('owned')
    expect(classifyMedia({})).toEqual({
      mediaClass: 'owned',
      reason: 'a direct visit (no link or referrer): counted as owned',
    })
  })

  test('earned media value says how it was computed', () => {
    expect(earnedMediaValue({ earnedClicks: 120, costPerClick: 85 })).toEqual({
      value: 10200,
      method: "120 earned clicks × 85 per click (the workspace's cost per click)",
    })
    expect(
      earnedMediaValue({
        earnedClicks: 0,
        earnedImpressions: 50_000,
        costPerThousandImpressions: 700,
      }),
    ).toMatchObject({ value: 35000 })
    expect(earnedMediaValue({ earnedClicks: 10 })).toBeNull()
    expect(earnedMediaValue({ earnedClicks: 10, costPerThousandImpressions: 700 })).toBeNull()
  })
})
