import type { Murmur } from '../murmur.js'
import { renderEventPage } from '../pages/event-page.js'
import { renderHomePage } from '../pages/home-page.js'
import { cleanLinks } from '../pages/settings.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { type EventFields, previewEventRow, siteOf } from './events.js'
import { checkedFields, fieldsOf, type PageSettingsInput, pageLinks, pageRow } from './pages.js'
import { businessView, eventViewOf, homeView, type PublicSite } from './public-pages.js'

/**
 * Live previews for the editor: the page exactly as it would render with the settings (or
 * event) being edited, nothing saved. Links show their destinations (tracked links are only made
 * on save); the page says it is a preview and is marked noindex.
 */
async function previewSite(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: PageSettingsInput,
): Promise<PublicSite> {
  const { workspace, site } = await siteOf(murmur, scope)
  const page = await checkedFields(murmur, scope, input)
  const row = await pageRow(scope)
  return { workspace, page, pageUpdatedAt: row?.updated_at ?? murmur.now(), site, scope }
}

export async function previewHomePage(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: PageSettingsInput,
): Promise<string> {
  const site = await previewSite(murmur, scope, input)
  const view = await homeView(murmur, site)
  const links =
    input.links === undefined
      ? (await pageLinks(murmur, scope)).map((link) => ({ label: link.label, url: link.url }))
      : cleanLinks(input.links, murmur.config.publicUrl)
  return renderHomePage({
    ...view,
    links: links.map((link) => ({ label: link.label, href: link.url, destination: link.url })),
    preview: true,
  }).html
}

export async function previewEventPage(
  murmur: Murmur,
  scope: WorkspaceScope,
  fields: EventFields,
  eventId: string | null,
): Promise<string> {
  const { workspace, site } = await siteOf(murmur, scope)
  const row = await pageRow(scope)
  const publicSite: PublicSite = {
    workspace,
    page: fieldsOf(row),
    pageUpdatedAt: row?.updated_at ?? murmur.now(),
    site,
    scope,
  }
  const event = await eventViewOf(publicSite, await previewEventRow(murmur, scope, fields, eventId))
  return renderEventPage({
    event,
    business: await businessView(publicSite),
    now: murmur.now(),
    token: '',
    preview: true,
  }).html
}
