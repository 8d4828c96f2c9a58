import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  cascadeMetricsReport,
  cascadeTree,
  loadCascade,
  loadCascades,
  mediaSplit,
  rankSharers,
  reachForecast,
} from '../../services/cascades.js'
import { getWordOfMouthSettings } from '../../services/cascades-settings.js'
import {
  createForContacts,
  createOriginal,
  listShareLinks,
  type ShareLink,
} from '../../services/share-links.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { errorResponses, iso, json, jsonBody, WorkspaceParams } from '../schemas.js'
import { publicShareRoutes } from './share-page.js'
import { wordOfMouthRoutes } from './word-of-mouth.js'

const RootKind = z.enum(['post', 'link', 'campaign'])
const RootId = z.string().trim().min(1).max(120)

const ShareLinkSchema = z
  .object({
    id: z.string(),
    link_id: z.string(),
    code: z.string(),
    short_url: z.string(),
    parent_share_link_id: z.string().nullable(),
    root_kind: RootKind,
    root_id: z.string(),
    generation: z.number().int(),
    contact_id: z.string().nullable(),
    source: z.enum(['murmur', 'bluesky', 'mastodon']),
    is_paid: z.boolean(),
    created_at: z.string(),
  })
  .openapi('ShareLink')

const present = (s: ShareLink) => ({ ...s, created_at: iso(s.created_at) })

const CreateOriginalBody = z
  .strictObject({
    root_kind: RootKind,
    root_id: RootId,
    link_id: z.string().max(64).optional(),
    destination: z.string().max(2000).optional(),
    is_paid: z.boolean().optional(),
  })
  .openapi('CreateShareLink', {
    example: { root_kind: 'campaign', root_id: 'spring-sale', destination: 'https://example.com/' },
  })

const BulkBody = z
  .strictObject({
    root_kind: RootKind,
    root_id: RootId,
    contact_ids: z.array(z.string().max(64)).min(1).max(1000),
  })
  .openapi('CreateShareLinksForContacts', {
    example: { root_kind: 'campaign', root_id: 'spring-sale', contact_ids: ['ctc_01jb3k8x4r'] },
  })

const ListQuery = z.object({
  root_kind: RootKind.optional(),
  root_id: z.string().max(120).optional(),
})

const CascadeParams = WorkspaceParams.extend({
  root_kind: RootKind.openapi({ param: { name: 'root_kind', in: 'path' } }),
  root_id: RootId.openapi({ param: { name: 'root_id', in: 'path' } }),
})

const FilterQuery = z.object({
  max_links_per_visitor: z.coerce.number().int().min(1).max(10_000).optional().openapi({
    description: 'A visitor making more share links than this is link farming (default 20)',
  }),
})

const Report = z.record(z.string(), z.unknown()).openapi('CascadeReport')
const tag = ['Word of mouth']
const author = (c: { var: AppEnv['Variables'] }) => {
  const auth = c.var.auth
  return auth?.kind === 'session' ? auth.user.id : null
}

export { CHILD_LINKS_PER_HOUR } from './share-page.js'

export function shareLinkRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}'

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/share-links`,
      tags: tag,
      summary: 'Share links, oldest first (optionally of one root)',
      request: { params: WorkspaceParams, query: ListQuery },
      responses: {
        200: json(z.object({ data: z.array(ShareLinkSchema) }), 'Share links'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const links = await listShareLinks(c.var.murmur, c.var.workspace.scope, query)
      return c.json({ data: links.map(present) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/share-links`,
      tags: tag,
      summary: "The business's original share link of a post, link or campaign (the cascade root)",
      request: { params: WorkspaceParams, body: jsonBody(CreateOriginalBody) },
      responses: {
        200: json(ShareLinkSchema, 'It already existed'),
        201: json(ShareLinkSchema, 'Created'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const { shareLink, created } = await createOriginal(c.var.murmur, access.scope, {
        ...c.req.valid('json'),
        createdBy: author(c),
      })
      return c.json(present(shareLink), created ? 201 : 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/share-links/bulk`,
      tags: tag,
      summary: 'Personal share links for contacts (generation 1; existing ones are kept)',
      request: { params: WorkspaceParams, body: jsonBody(BulkBody) },
      responses: {
        201: json(z.object({ data: z.array(ShareLinkSchema) }), 'One per contact'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const links = await createForContacts(c.var.murmur, access.scope, {
        ...c.req.valid('json'),
        createdBy: author(c),
      })
      return c.json({ data: links.map(present) }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/cascades/{root_kind}/{root_id}`,
      tags: tag,
      summary: 'Cascade metrics of a post, link or campaign, with what was left out and why',
      request: { params: CascadeParams, query: FilterQuery },
      responses: { 200: json(Report, 'Metrics (docs/word-of-mouth.md)'), ...errorResponses },
    }),
    async (c) => {
      const { root_kind, root_id } = c.req.valid('param')
      const cascade = await loadCascade(c.var.workspace.scope, root_kind, root_id, {
        maxLinksPerVisitor: c.req.valid('query').max_links_per_visitor,
      })
      return c.json(cascadeMetricsReport(cascade), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/cascades/{root_kind}/{root_id}/tree`,
      tags: tag,
      summary: 'The share tree: every share link with its parent, contact and branch credit',
      request: { params: CascadeParams, query: FilterQuery },
      responses: { 200: json(Report, 'Nodes, oldest first'), ...errorResponses },
    }),
    async (c) => {
      const { root_kind, root_id } = c.req.valid('param')
      const scope = c.var.workspace.scope
      const cascade = await loadCascade(scope, root_kind, root_id, {
        maxLinksPerVisitor: c.req.valid('query').max_links_per_visitor,
      })
      const tree = await cascadeTree(scope, cascade)
      return c.json(
        { ...tree, nodes: tree.nodes.map((n) => ({ ...n, created_at: iso(n.created_at) })) },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/advocates`,
      tags: tag,
      summary: 'Top sharers, credited with what came down their branches',
      request: {
        params: WorkspaceParams,
        query: FilterQuery.extend({
          root_kind: RootKind.optional(),
          root_id: z.string().max(120).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(20),
          contact_id: z
            .string()
            .max(64)
            .optional()
            .openapi({ description: "One contact's credit, for their contact page" }),
        }),
      },
      responses: { 200: json(Report, 'Advocates, best first'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const scope = c.var.workspace.scope
      const cascades = await loadCascades(
        scope,
        {
          ...(q.root_kind ? { rootKind: q.root_kind } : {}),
          ...(q.root_id ? { rootId: q.root_id } : {}),
        },
        { maxLinksPerVisitor: q.max_links_per_visitor },
      )
      return c.json({ data: await rankSharers(scope, cascades, q.limit, q.contact_id) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/word-of-mouth/media`,
      tags: tag,
      summary:
        'Visits, leads, customers and revenue split owned / earned / paid, with earned media value',
      request: {
        params: WorkspaceParams,
        query: z.object({
          cost_per_click: z.coerce.number().min(0).optional().openapi({
            description:
              'Your cost per click, in minor units (cents): earned clicks × this (default: the workspace setting)',
          }),
          cpm: z.coerce.number().min(0).optional().openapi({
            description: 'Your cost per 1,000 impressions (used when impressions are known)',
          }),
        }),
      },
      responses: { 200: json(Report, 'The three-way split'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const scope = c.var.workspace.scope
      // The workspace's own rates (word-of-mouth settings) unless the request gives others.
      const settings = await getWordOfMouthSettings(scope)
      const costPerClick = q.cost_per_click ?? settings.cost_per_click ?? undefined
      const cpm = q.cpm ?? settings.cpm ?? undefined
      const split = await mediaSplit(scope, {
        costPerClick,
        costPerThousandImpressions: cpm,
      })
      const fromQuery = q.cost_per_click !== undefined || q.cpm !== undefined
      return c.json(
        {
          ...split,
          rates: {
            cost_per_click: costPerClick ?? null,
            cpm: cpm ?? null,
            currency: settings.currency,
            from: fromQuery ? 'request' : 'settings',
          },
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/word-of-mouth/forecast`,
      tags: tag,
      summary: "Likely reach of the next post from the workspace's past cascades (p10, p50, p90)",
      request: {
        params: WorkspaceParams,
        query: z.object({
          runs: z.coerce.number().int().min(100).max(20_000).optional(),
          seed: z.coerce.number().int().min(0).optional(),
        }),
      },
      responses: { 200: json(Report, 'Range and assumptions'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const cascades = await loadCascades(c.var.workspace.scope, {})
      return c.json(reachForecast(cascades, q), 200)
    },
  )

  publicShareRoutes(app)
  wordOfMouthRoutes(app)
}
