import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type { LinksTable } from '../storage/tables/links.js'
import type { ShareLinksTable, ShareRootKind } from '../storage/tables/share-links.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { createLink, shortUrl } from './links.js'

export interface ShareLink {
  id: string
  link_id: string
  code: string
  short_url: string
  parent_share_link_id: string | null
  root_kind: ShareRootKind
  root_id: string
  generation: number
  contact_id: string | null
  source: ShareLinksTable['source']
  is_paid: boolean
  created_at: number
}

type Row = Omit<ShareLinksTable, 'workspace_id'>

function present(murmur: Murmur, row: Row, code: string): ShareLink {
  return {
    id: row.id,
    link_id: row.link_id,
    code,
    short_url: shortUrl(murmur, code),
    parent_share_link_id: row.parent_share_link_id,
    root_kind: row.root_kind,
    root_id: row.root_id,
    generation: row.generation,
    contact_id: row.contact_id,
    source: row.source,
    is_paid: row.is_paid === 1,
    created_at: row.created_at,
  }
}

const SHARE_COLUMNS = [
  'share_links.id',
  'share_links.link_id',
  'share_links.parent_share_link_id',
  'share_links.root_kind',
  'share_links.root_id',
  'share_links.generation',
  'share_links.contact_id',
  'share_links.created_by_visitor',
  'share_links.source',
  'share_links.is_paid',
  'share_links.created_at',
  'share_links.network_reshare_id',
  'share_links.network_author',
  'links.code',
] as const

function withCode(scope: WorkspaceScope) {
  return scope
    .selectFrom('share_links')
    .innerJoin('links', 'links.id', 'share_links.link_id')
    .where('links.workspace_id', '=', scope.workspaceId)
    .select(SHARE_COLUMNS)
}

export async function listShareLinks(
  murmur: Murmur,
  scope: WorkspaceScope,
  filter: { root_kind?: ShareRootKind | undefined; root_id?: string | undefined },
): Promise<ShareLink[]> {
  let query = withCode(scope)
  if (filter.root_kind) query = query.where('share_links.root_kind', '=', filter.root_kind)
  if (filter.root_id) query = query.where('share_links.root_id', '=', filter.root_id)
  const rows = await query
    .orderBy('share_links.created_at')
    .orderBy('share_links.id')
    .limit(5000)
    .execute()
  return rows.map((r) => present(murmur, r, r.code))
}

/** The business's original share link of a root (generation 0), if it has one. */
export async function findOriginal(scope: WorkspaceScope, kind: ShareRootKind, rootId: string) {
  return withCode(scope)
    .where('share_links.root_kind', '=', kind)
    .where('share_links.root_id', '=', rootId)
    .where('share_links.parent_share_link_id', 'is', null)
    .executeTakeFirst()
}

export interface OriginalInput {
  root_kind: ShareRootKind
  root_id: string
  /** Use this existing tracked link as the original (for a post or campaign). */
  link_id?: string | undefined
  /** Or make a new tracked link to this address. */
  destination?: string | undefined
  is_paid?: boolean | undefined
  createdBy: string | null
}

async function findLink(scope: WorkspaceScope, id: string): Promise<LinksTable | undefined> {
  return scope.selectFrom('links').selectAll().where('id', '=', id).executeTakeFirst()
}

/**
 * The original share link of a post, link or campaign: the root of its cascade.
 * For a link it is the link itself (its clicks are generation 0). Returns the
 * existing one (created: false) when the root already has one.
 */
export async function createOriginal(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: OriginalInput,
): Promise<{ shareLink: ShareLink; created: boolean }> {
  const existing = await findOriginal(scope, input.root_kind, input.root_id)
  if (existing) return { shareLink: present(murmur, existing, existing.code), created: false }

  let link: { id: string; code: string }
  if (input.root_kind === 'link') {
    const root = await findLink(scope, input.root_id)
    if (!root) throw notFound('Link')
    link = root
  } else {
    if (input.root_kind === 'post') {
      const post = await scope
        .selectFrom('posts')
        .select('id')
        .where('id', '=', input.root_id)
        .executeTakeFirst()
      if (!post) throw notFound('Post')
    }
    if (input.link_id) {
      const chosen = await findLink(scope, input.link_id)
      if (!chosen) throw notFound('Link')
      link = chosen
    } else if (input.destination) {
      link = await createLink(murmur, scope, {
        destination: input.destination,
        campaign: input.root_kind === 'campaign' ? input.root_id : undefined,
        createdBy: input.createdBy,
      })
    } else {
      const message = 'Give the address the post or campaign points to (destination), or a link_id.'
      throw invalid(message, [{ path: 'destination', message }])
    }
  }
  const taken = await scope
    .selectFrom('share_links')
    .select('id')
    .where('link_id', '=', link.id)
    .executeTakeFirst()
  if (taken) throw conflict('This link already belongs to another cascade; pick another link.')
  // A post whose network reshares were read first already has a root, with no tracked link yet.
  const linkless = await scope
    .selectFrom('share_links')
    .selectAll()
    .where('root_kind', '=', input.root_kind)
    .where('root_id', '=', input.root_id)
    .where('parent_share_link_id', 'is', null)
    .where('link_id', '=', '')
    .executeTakeFirst()
  if (linkless) {
    const is_paid = input.is_paid ? 1 : 0
    await scope
      .updateTable('share_links')
      .set({ link_id: link.id, is_paid })
      .where('id', '=', linkless.id)
      .execute()
    const adopted = {
      ...linkless,
      link_id: link.id,
      is_paid,
      created_at: Number(linkless.created_at),
    }
    return { shareLink: present(murmur, adopted, link.code), created: true }
  }
  const row: Row = {
    id: newId('shl', murmur.now()),
    link_id: link.id,
    parent_share_link_id: null,
    root_kind: input.root_kind,
    root_id: input.root_id,
    generation: 0,
    contact_id: null,
    created_by_visitor: null,
    source: 'murmur',
    is_paid: input.is_paid ? 1 : 0,
    created_at: murmur.now(),
    network_reshare_id: null,
    network_author: null,
  }
  await scope.insertInto('share_links', row).execute()
  return { shareLink: present(murmur, row, link.code), created: true }
}

/**
 * A share link under `parent`: a new tracked link to the same address (same
 * preview, same campaign), tagged utm_medium=referral so the destination's own
 * analytics see it as a referral.
 */
async function createChild(
  murmur: Murmur,
  scope: WorkspaceScope,
  parent: Row,
  who: { contactId: string | null; visitor: string | null; createdBy: string | null },
): Promise<ShareLink> {
  const parentLink = await findLink(scope, parent.link_id)
  if (!parentLink) throw notFound('Link')
  const link = await createLink(murmur, scope, {
    destination: parentLink.destination,
    title: parentLink.title,
    description: parentLink.description,
    image_url: parentLink.image_url,
    campaign: parentLink.campaign,
    utm_campaign: parentLink.utm_campaign,
    utm_source: 'share',
    utm_medium: 'referral',
    track_conversions: parentLink.track_conversions === 1,
    createdBy: who.createdBy,
  })
  const row: Row = {
    id: newId('shl', murmur.now()),
    link_id: link.id,
    parent_share_link_id: parent.id,
    root_kind: parent.root_kind,
    root_id: parent.root_id,
    generation: parent.generation + 1,
    contact_id: who.contactId,
    created_by_visitor: who.visitor,
    source: 'murmur',
    is_paid: 0,
    created_at: murmur.now(),
    network_reshare_id: null,
    network_author: null,
  }
  await scope.insertInto('share_links', row).execute()
  return present(murmur, row, link.code)
}

/**
 * Personal share links for contacts (generation 1, under the root's original),
 * one per contact; a contact who already has one under it keeps theirs.
 */
export async function createForContacts(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: {
    root_kind: ShareRootKind
    root_id: string
    contact_ids: string[]
    createdBy: string | null
  },
): Promise<ShareLink[]> {
  const original = await findOriginal(scope, input.root_kind, input.root_id)
  if (!original)
    throw notFound('Original share link for this root (create it first with POST share-links)')
  const ids = [...new Set(input.contact_ids)]
  const contacts = await scope.selectFrom('contacts').select('id').where('id', 'in', ids).execute()
  if (contacts.length !== ids.length) throw notFound('Contact')
  const existing = await withCode(scope)
    .where('share_links.parent_share_link_id', '=', original.id)
    .where('share_links.contact_id', 'in', ids)
    .execute()
  const have = new Map(existing.map((r) => [r.contact_id, present(murmur, r, r.code)]))
  const out: ShareLink[] = []
  for (const contactId of ids) {
    out.push(
      have.get(contactId) ??
        (await createChild(murmur, scope, original, {
          contactId,
          visitor: null,
          createdBy: input.createdBy,
        })),
    )
  }
  return out
}

/** What the public share page and share button may know of a share link: never who shared it. */
export interface PublicShareLink {
  workspaceId: string
  linkId: string
  shareLinkId: string
  code: string
  shortUrl: string
  destination: string
  title: string | null
  description: string | null
  imageUrl: string | null
  /** The business's name, shown as who the link is from. */
  business: string
}

/**
 * The share link behind a short code, for public pages and buttons: codes are
 * global (the redirect reads them the same way). Unknown, archived or expired
 * links, and tracked links that are not share links, are not found.
 */
export async function findPublicShareLink(
  murmur: Murmur,
  code: string,
): Promise<{ link: PublicShareLink; parent: Row } | null> {
  const link = await murmur.db
    .selectFrom('links')
    .innerJoin('workspaces', 'workspaces.id', 'links.workspace_id')
    .select([
      'links.id',
      'links.workspace_id',
      'links.code',
      'links.destination',
      'links.title',
      'links.description',
      'links.image_url',
      'links.archived_at',
      'links.expires_at',
      'workspaces.name',
    ])
    .where('links.domain', '=', '')
    .where('links.code', '=', code)
    .executeTakeFirst()
  const now = murmur.now()
  if (!link || link.archived_at !== null || (link.expires_at !== null && link.expires_at <= now))
    return null
  const scope = new WorkspaceScope(murmur.db, link.workspace_id)
  const parent = await withCode(scope).where('share_links.link_id', '=', link.id).executeTakeFirst()
  if (!parent) return null
  return {
    parent,
    link: {
      workspaceId: link.workspace_id,
      linkId: link.id,
      shareLinkId: parent.id,
      code: link.code,
      shortUrl: shortUrl(murmur, link.code),
      destination: link.destination,
      title: link.title,
      description: link.description,
      imageUrl: link.image_url,
      business: link.name,
    },
  }
}

/**
 * The visitor's own share link under the share link whose short code they came
 * through (`/s/{code}/child`). Public: reads the parent by its code (codes are
 * global, as the redirect reads them) and answers only the new link, nothing
 * about the sharer. The same visitor asking again under the same parent gets
 * the same link back.
 */
export async function createChildForVisitor(
  murmur: Murmur,
  code: string,
  visitorOf: (workspaceId: string) => Promise<string>,
): Promise<{ shareLink: ShareLink; created: boolean }> {
  const found = await findPublicShareLink(murmur, code)
  if (!found) throw notFound('Share link')
  const { parent, link } = found
  const scope = new WorkspaceScope(murmur.db, link.workspaceId)
  const visitor = await visitorOf(link.workspaceId)
  const mine = await withCode(scope)
    .where('share_links.parent_share_link_id', '=', parent.id)
    .where('share_links.created_by_visitor', '=', visitor)
    .executeTakeFirst()
  if (mine) return { shareLink: present(murmur, mine, mine.code), created: false }
  const shareLink = await createChild(murmur, scope, parent, {
    contactId: null,
    visitor,
    createdBy: null,
  })
  return { shareLink, created: true }
}
