/**
 * Owned, earned and paid (Forrester, Corcoran 2009): how a visit, lead or
 * sale came. Definitions in docs/word-of-mouth.md.
 */
export const MEDIA_CLASSES = ['owned', 'earned', 'paid'] as const
export type MediaClass = (typeof MEDIA_CLASSES)[number]

/** utm_medium values that mean a bought placement (compared in lower case). */
export const PAID_MEDIUMS = ['cpc', 'ppc', 'cpm', 'cpv', 'paid', 'ads', 'ad', 'display'] as const

export interface VisitSource {
  /** The link the visit came through is flagged paid. */
  paidLink?: boolean
  utmMedium?: string | null
  /**
   * The generation of the share link the visit came through: 0 for the
   * business's own post or link, 1 or more for someone else's share; null or
   * absent when it came through no share link.
   */
  shareDepth?: number | null
  /** For visits through no Murmur link: whether the referrer is the business's own site or profile. */
  referrerOwned?: boolean | null
  /** A network says the visit came from someone else's repost, quote or mention. */
  viaReshare?: boolean
}

export function isPaidMedium(utmMedium: string | null | undefined): boolean {
  if (!utmMedium) return false
  const medium = utmMedium.trim().toLowerCase()
  return (PAID_MEDIUMS as readonly string[]).includes(medium) || medium.startsWith('paid')
}

/**
 * The media class of one visit and the reason, first rule that applies:
 * paid (flagged link, or a paid utm_medium such as cpc, ads, paid_social);
 * earned (someone else's share, a reshare, or a referral from a site or
 * profile that is not the business's); owned otherwise (the business's own
 * post, link or profile, or a direct visit).
 */
export function classifyMedia(source: VisitSource): { mediaClass: MediaClass; reason: string } {
  if (source.paidLink) return { mediaClass: 'paid', reason: 'the link is flagged paid' }
  if (isPaidMedium(source.utmMedium))
    return {
      mediaClass: 'paid',
      reason: `utm_medium ${JSON.stringify(source.utmMedium)} marks a paid placement`,
    }
  const depth = source.shareDepth
  if (typeof depth === 'number' && depth >= 1)
    return { mediaClass: 'earned', reason: `came through someone's share (generation ${depth})` }
  if (source.viaReshare)
    return { mediaClass: 'earned', reason: 'came through a reshare, quote or mention' }
  if (typeof depth === 'number')
    return { mediaClass: 'owned', reason: "came through the business's own post or link" }
  if (source.referrerOwned === false)
    return {
      mediaClass: 'earned',
      reason: 'referred by a site or profile the business does not own',
    }
  if (source.referrerOwned === true)
    return { mediaClass: 'owned', reason: "referred by the business's own site or profile" }
  return { mediaClass: 'owned', reason: 'a direct visit (no link or referrer): counted as owned' }
}

export interface EarnedMediaValue {
  value: number
  /** How it was computed, in plain words, to show next to the figure. */
  method: string
}

/**
 * Earned media value, from the workspace's own rates: earned clicks × cost per
 * click when a CPC is given, else earned impressions / 1,000 × CPM. Rates and
 * the result are in the same (minor) currency unit. Null when neither rate
 * (or, for CPM, no impression count) is available.
 */
export function earnedMediaValue(input: {
  earnedClicks: number
  earnedImpressions?: number | null
  costPerClick?: number | null
  costPerThousandImpressions?: number | null
}): EarnedMediaValue | null {
  const { earnedClicks, earnedImpressions, costPerClick, costPerThousandImpressions } = input
  if (typeof costPerClick === 'number')
    return {
      value: earnedClicks * costPerClick,
      method: `${earnedClicks} earned clicks × ${costPerClick} per click (the workspace's cost per click)`,
    }
  if (typeof costPerThousandImpressions === 'number' && typeof earnedImpressions === 'number')
    return {
      value: (earnedImpressions / 1000) * costPerThousandImpressions,
      method: `${earnedImpressions} earned impressions / 1,000 × ${costPerThousandImpressions} (the workspace's CPM)`,
    }
  return null
}
