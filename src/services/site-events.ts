import { invalid, MurmurError, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import { referrerHost } from '../core/links/referrer.js'
import { startOfUtcDay, visitorId } from '../core/links/visitor.js'
import { runningLinkTraffic } from '../links/traffic.js'
import { VisitorSalts } from '../links/visitor-salts.js'
import type { Murmur } from '../murmur.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { markCustomerFromConversion } from './contact-conversions.js'
import { type Conversion, recordConversion } from './conversions.js'
import { createChildForVisitor, createOriginal } from './share-links.js'

/** Who is asking, as the public site-script endpoints see them. */
export interface SiteVisitor {
  workspaceId: string
  /** The page's origin (checked against the workspace's site origins before this is called). */
  origin: string
  ip: string
  userAgent: string
}

const salts = new WeakMap<Murmur, VisitorSalts>()

/** The visitor id the redirect gives the same browser today, so page views join its clicks. */
async function visitorOf(murmur: Murmur, visitor: SiteVisitor): Promise<string> {
  let reader = salts.get(murmur)
  if (!reader) {
    reader = new VisitorSalts(murmur.db)
    salts.set(murmur, reader)
  }
  const salt = await reader.saltFor(startOfUtcDay(murmur.now()))
  return visitorId(salt, visitor.workspaceId, visitor.ip, visitor.userAgent)
}

export async function recordPageView(
  murmur: Murmur,
  visitor: SiteVisitor,
  input: { path: string; referrer?: string | null | undefined; mm?: string | null | undefined },
): Promise<{ id: string }> {
  const scope = new WorkspaceScope(murmur.db, visitor.workspaceId)
  const host = new URL(visitor.origin).host
  const referrer = referrerHost(input.referrer)
  const id = newId('pv', murmur.now())
  await scope
    .insertInto('page_views', {
      id,
      at: murmur.now(),
      visitor_id: await visitorOf(murmur, visitor),
      click_id: input.mm ?? null,
      host,
      path: input.path.slice(0, 500),
      // A visit from one page of the site to another is not a referral.
      referrer_host: referrer === host.replace(/^www\./, '') ? null : referrer,
    })
    .execute()
  return { id }
}

/** Minor units per major unit of a currency (100 for EUR, 1 for JPY, 1000 for KWD). */
export function minorUnitsOf(currency: string): number {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  return 10 ** digits
}

const fail = (path: string, message: string) => invalid(message, [{ path, message }])

export interface ScriptConversionInput {
  kind: 'lead' | 'sale'
  /** In major units, as a person writes it: 24.5 for 24.50 EUR. */
  value?: number | undefined
  currency?: string | undefined
  email?: string | undefined
  order_id?: string | undefined
  event_id: string
  mm?: string | null | undefined
}

/**
 * A lead or sale from the site script. The amount comes in major units and is
 * stored in minor units; the event id (made once per call by the script) makes
 * a retried request count once; an email becomes the customer id, which ties the
 * conversion to the contact with that address.
 */
export async function recordScriptConversion(
  murmur: Murmur,
  visitor: SiteVisitor,
  input: ScriptConversionInput,
): Promise<{
  conversion: Pick<Conversion, 'id' | 'kind' | 'amount' | 'currency'>
  replayed: boolean
}> {
  const scope = new WorkspaceScope(murmur.db, visitor.workspaceId)
  let amount: number | undefined
  if (input.kind === 'sale') {
    if (input.value === undefined) throw fail('value', 'A sale needs a value, such as 24.50.')
    if (!input.currency) throw fail('currency', 'A sale needs a currency, such as EUR or USD.')
    let units: number
    try {
      units = minorUnitsOf(input.currency)
    } catch {
      throw fail('currency', `"${input.currency}" is not an ISO 4217 currency code such as EUR.`)
    }
    const minor = input.value * units
    if (Math.abs(minor - Math.round(minor)) > 1e-6)
      throw fail(
        'value',
        `${input.currency} has ${Math.log10(units)} decimals; ${input.value} has more.`,
      )
    amount = Math.round(minor)
  } else if (input.value !== undefined || input.currency !== undefined) {
    throw fail('value', 'A lead has no value; report a sale for money.')
  }
  const email = input.email?.trim().toLowerCase()
  const externalId = input.order_id ? `order:${input.order_id}` : `event:${input.event_id}`
  const base = {
    kind: input.kind,
    customer_id: email || undefined,
    amount,
    currency: input.kind === 'sale' ? input.currency : undefined,
    external_id: externalId,
    source: 'script' as const,
  }
  let conversion: Conversion
  try {
    try {
      conversion = await recordConversion(murmur, scope, {
        ...base,
        click_id: input.mm ?? undefined,
      })
    } catch (error) {
      // A cookie older than the raw clicks: the email still attributes it through earlier leads.
      const unknownClick =
        error instanceof MurmurError &&
        error.code === 'validation_failed' &&
        /click id/i.test(error.message)
      if (!(unknownClick && email)) throw error
      conversion = await recordConversion(murmur, scope, base)
    }
  } catch (error) {
    if (error instanceof MurmurError && error.code === 'conflict') {
      const twin = await scope
        .selectFrom('conversions')
        .select(['id', 'kind', 'amount', 'currency'])
        .where('kind', '=', input.kind)
        .where('external_id', '=', externalId)
        .executeTakeFirst()
      if (twin) return { conversion: twin, replayed: true }
    }
    throw error
  }
  await markCustomerFromConversion(murmur, scope, conversion)
  return { conversion, replayed: false }
}

/** The link a click went through, waiting for this process's click buffer if need be. */
async function linkOfClick(murmur: Murmur, scope: WorkspaceScope, clickId: string) {
  const find = () =>
    scope
      .selectFrom('clicks')
      .innerJoin('links', 'links.id', 'clicks.link_id')
      .select(['links.id', 'links.code'])
      .where('clicks.id', '=', clickId)
      .where('clicks.is_bot', '=', 0)
      .executeTakeFirst()
  const found = await find()
  if (found) return found
  const traffic = runningLinkTraffic(murmur)
  if (!traffic) return undefined
  await traffic.flush()
  return find()
}

/**
 * The visitor's own share link: a child of the share link behind the link they
 * clicked (recording that its sharer referred them). A link that is in no
 * cascade yet becomes the root of its own, so every tracked link can be shared on.
 */
export async function shareFromVisit(
  murmur: Murmur,
  visitor: SiteVisitor,
  clickId: string,
): Promise<{ code: string; short_url: string; created: boolean }> {
  const scope = new WorkspaceScope(murmur.db, visitor.workspaceId)
  const link = await linkOfClick(murmur, scope, clickId)
  if (!link) throw notFound('Click (the mm= value of this visit)')
  const inCascade = await scope
    .selectFrom('share_links')
    .select('id')
    .where('link_id', '=', link.id)
    .executeTakeFirst()
  if (!inCascade) {
    await createOriginal(murmur, scope, {
      root_kind: 'link',
      root_id: link.id,
      createdBy: null,
    })
  }
  const visitorIdToday = await visitorOf(murmur, visitor)
  const { shareLink, created } = await createChildForVisitor(
    murmur,
    link.code,
    async () => visitorIdToday,
  )
  return { code: shareLink.code, short_url: shareLink.short_url, created }
}
