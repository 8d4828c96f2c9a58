import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type { OpeningHours, PageContact } from '../pages/model.js'
import {
  cleanFields,
  cleanLinks,
  DEFAULT_FIELDS,
  type FieldsInput,
  type LinkInput,
  type PageFields,
} from '../pages/settings.js'
import { readTheme } from '../pages/themes.js'
import { homeUrlOf, pageSite, SLUG } from '../pages/urls.js'
import type { PagesTable } from '../storage/tables/pages.js'
import { isUniqueViolation } from '../storage/unique-violation.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { createLink, shortUrl } from './links.js'
import { parseJson } from './post-views.js'
import { findWorkspace } from './workspaces.js'

/** A link of the home page: a label and the tracked link behind it. */
export interface PageLink {
  id: string
  label: string
  /** Where the tracked link sends people. */
  url: string
  link_id: string
  short_url: string
}

export interface PageSettings extends PageFields {
  /** The workspace slug: the page's address is /p/{slug}. */
  slug: string
  /** The home page's public address (on the custom domain when one is set). */
  url: string
  links: PageLink[]
  updated_at: number | null
}

export type PageSettingsInput = FieldsInput & {
  slug?: string | undefined
  links?: LinkInput[] | undefined
}

/** Stored row to fields; anything malformed in stored JSON reads as empty rather than failing. */
export function fieldsOf(row: Omit<PagesTable, 'workspace_id'> | undefined): PageFields {
  if (!row) return DEFAULT_FIELDS
  return {
    published: row.published === 1,
    seo_title: row.seo_title,
    description: row.description,
    language: row.language,
    business_type: row.business_type as PageFields['business_type'],
    logo_url: row.logo_url,
    image_media_id: row.image_media_id,
    image_url: row.image_url,
    contact: { ...DEFAULT_FIELDS.contact, ...parseJson<Partial<PageContact>>(row.contact, {}) },
    opening_hours: parseJson<OpeningHours[]>(row.opening_hours, []),
    hours_note: row.hours_note,
    theme: readTheme(parseJson<unknown>(row.theme, {})),
    show_posts: row.show_posts === 1,
    custom_domain: row.custom_domain,
  }
}

export async function pageRow(scope: WorkspaceScope) {
  return scope.selectFrom('pages').selectAll().executeTakeFirst()
}

/** The page's links in order; `activeOnly` leaves out archived or expired tracked links. */
export async function pageLinks(
  murmur: Murmur,
  scope: WorkspaceScope,
  activeOnly = false,
): Promise<PageLink[]> {
  let query = scope
    .selectFrom('page_links')
    .innerJoin('links', 'links.id', 'page_links.link_id')
    .select([
      'page_links.id',
      'page_links.label',
      'page_links.link_id',
      'links.destination',
      'links.code',
    ])
    .orderBy('page_links.position')
  if (activeOnly) {
    const now = murmur.now()
    query = query
      .where('links.archived_at', 'is', null)
      .where((eb) => eb.or([eb('links.expires_at', 'is', null), eb('links.expires_at', '>', now)]))
  }
  const rows = await query.execute()
  return rows.map((row) => ({
    id: row.id,
    label: row.label,
    url: row.destination,
    link_id: row.link_id,
    short_url: shortUrl(murmur, row.code),
  }))
}

async function workspaceOf(murmur: Murmur, scope: WorkspaceScope) {
  const workspace = await findWorkspace(murmur, scope.workspaceId)
  if (!workspace) throw notFound('Workspace')
  return workspace
}

export async function getPageSettings(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<PageSettings> {
  const [workspace, row, links] = await Promise.all([
    workspaceOf(murmur, scope),
    pageRow(scope),
    pageLinks(murmur, scope),
  ])
  const fields = fieldsOf(row)
  return {
    ...fields,
    slug: workspace.slug,
    url: homeUrlOf(pageSite(murmur.config.publicUrl, workspace.slug, fields.custom_domain)),
    links,
    updated_at: row?.updated_at ?? null,
  }
}

/** Validates settings against the database too: the image exists, the slug and domain are free. */
export async function checkedFields(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: PageSettingsInput,
): Promise<PageFields> {
  const fields = cleanFields(input, fieldsOf(await pageRow(scope)), murmur.config.publicUrl)
  if (fields.image_media_id) {
    const media = await scope
      .selectFrom('media')
      .select(['id', 'mime_type'])
      .where('id', '=', fields.image_media_id)
      .executeTakeFirst()
    if (!media?.mime_type.startsWith('image/')) {
      const message = 'Pick an image from the media library (upload it first).'
      throw invalid(message, [{ path: 'image_media_id', message }])
    }
  }
  return fields
}

const ownSite = (destination: string, website: string | null) => {
  if (!website) return false
  try {
    return new URL(destination).hostname === new URL(website).hostname
  } catch {
    return false
  }
}

/**
 * The home page's links, in order, each through a tracked link. A link whose address is
 * unchanged keeps its tracked link (and its clicks); new addresses get a new tracked link;
 * links taken off the page lose their place but their tracked links keep working.
 */
async function saveLinks(
  murmur: Murmur,
  scope: WorkspaceScope,
  links: LinkInput[],
  website: string | null,
  createdBy: string | null,
): Promise<void> {
  const existing = await pageLinks(murmur, scope)
  const unused = [...existing]
  const now = murmur.now()
  await scope.deleteFrom('page_links').execute()
  for (const [position, link] of links.entries()) {
    const index = unused.findIndex((candidate) => candidate.url === link.url)
    let linkId: string
    if (index !== -1) {
      linkId = unused[index]!.link_id
      unused.splice(index, 1)
    } else {
      const created = await createLink(murmur, scope, {
        destination: link.url,
        title: link.label,
        campaign: 'home page',
        createdBy,
        // UTM tags only where the owner reads them: their own website's analytics.
        ...(ownSite(link.url, website) ? { utm_source: 'murmur', utm_medium: 'link-in-bio' } : {}),
      })
      linkId = created.id
    }
    await scope
      .insertInto('page_links', {
        id: newId('pl', now),
        link_id: linkId,
        label: link.label,
        position,
        created_at: now,
      })
      .execute()
  }
}

/** Moves the workspace to a new slug; the old one keeps answering with a 301. */
async function renameSlug(murmur: Murmur, scope: WorkspaceScope, from: string, to: string) {
  if (!SLUG.test(to)) {
    const message = 'Use lower-case letters, digits and single dashes (e.g. corner-bakery).'
    throw invalid(message, [{ path: 'slug', message }])
  }
  const taken = await scope.db
    .selectFrom('workspaces')
    .select('id')
    .where('slug', '=', to)
    .executeTakeFirst()
  if (taken)
    throw conflict(`The address /p/${to} is taken. Try another one.`, [
      { path: 'slug', message: 'Taken' },
    ])
  await scope.db
    .updateTable('workspaces')
    .set({ slug: to })
    .where('id', '=', scope.workspaceId)
    .execute()
  await scope.deleteFrom('page_slugs').where('kind', '=', 'home').where('slug', '=', to).execute()
  await scope.deleteFrom('page_slugs').where('kind', '=', 'home').where('slug', '=', from).execute()
  await scope
    .insertInto('page_slugs', {
      kind: 'home',
      slug: from,
      event_id: null,
      created_at: murmur.now(),
    })
    .execute()
}

export async function savePageSettings(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: PageSettingsInput,
  createdBy: string | null,
): Promise<PageSettings> {
  const fields = await checkedFields(murmur, scope, input)
  const links =
    input.links === undefined ? undefined : cleanLinks(input.links, murmur.config.publicUrl)
  const workspace = await workspaceOf(murmur, scope)
  const now = murmur.now()
  const columns = {
    published: fields.published ? 1 : 0,
    seo_title: fields.seo_title,
    description: fields.description,
    language: fields.language,
    business_type: fields.business_type,
    logo_url: fields.logo_url,
    image_media_id: fields.image_media_id,
    image_url: fields.image_url,
    contact: JSON.stringify(fields.contact),
    opening_hours: JSON.stringify(fields.opening_hours),
    hours_note: fields.hours_note,
    theme: JSON.stringify(fields.theme),
    show_posts: fields.show_posts ? 1 : 0,
    custom_domain: fields.custom_domain,
    updated_at: now,
  }
  try {
    await scope.transaction(async (trx) => {
      const exists = await trx.selectFrom('pages').select('workspace_id').executeTakeFirst()
      if (exists) await trx.updateTable('pages').set(columns).execute()
      else await trx.insertInto('pages', { ...columns, created_at: now }).execute()
      if (links) await saveLinks(murmur, trx, links, fields.contact.website, createdBy)
      const slug = input.slug?.trim().toLowerCase()
      if (slug && slug !== workspace.slug) await renameSlug(murmur, trx, workspace.slug, slug)
    })
  } catch (error) {
    if (isUniqueViolation(error) && fields.custom_domain) {
      throw conflict(`${fields.custom_domain} already serves another workspace's pages.`, [
        { path: 'custom_domain', message: 'Taken' },
      ])
    }
    throw error
  }
  return getPageSettings(murmur, scope)
}
