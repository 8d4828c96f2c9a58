import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { cascadeMetricsReport, loadCascades } from '../../services/cascades.js'
import {
  getWordOfMouthSettings,
  updateWordOfMouthSettings,
} from '../../services/cascades-settings.js'
import {
  createRule,
  deleteRule,
  evaluateRewards,
  listRewards,
  listRules,
  REWARD_METRICS,
  type Reward,
  type RewardRule,
  setRewardState,
  updateRule,
} from '../../services/rewards.js'
import { syncNetworkReshares } from '../../services/share-links-network.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { errorResponses, iso, isoOrNull, json, jsonBody, WorkspaceParams } from '../schemas.js'

const tag = ['Word of mouth']
const RootKind = z.enum(['post', 'link', 'campaign'])

const Condition = z.strictObject({
  metric: z.enum(REWARD_METRICS),
  at_least: z.number().int().min(1).max(1_000_000_000),
})

const RuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    reward: z.string(),
    conditions: z.array(Condition),
    root_kind: RootKind.nullable(),
    root_id: z.string().nullable(),
    active: z.boolean(),
    summary: z.string(),
    created_at: z.string(),
  })
  .openapi('RewardRule')

const RuleBody = z
  .strictObject({
    name: z.string().trim().min(1, 'Required').max(120),
    reward: z.string().trim().min(1, 'Say what the advocate gets').max(300),
    conditions: z.array(Condition).min(1, 'Give at least one condition').max(5),
    root_kind: RootKind.nullable().optional(),
    root_id: z.string().trim().min(1).max(120).nullable().optional(),
    active: z.boolean().optional(),
  })
  .openapi('CreateRewardRule', {
    example: {
      name: 'Ambassador',
      reward: 'A free box of pastries',
      conditions: [
        { metric: 'visits', at_least: 10 },
        { metric: 'customers', at_least: 1 },
      ],
    },
  })

const RulePatch = RuleBody.partial().openapi('UpdateRewardRule', {
  example: { active: false },
})

const RewardSchema = z
  .object({
    id: z.string(),
    rule: z.object({ id: z.string(), name: z.string(), reward: z.string() }),
    sharer_key: z.string(),
    sharer: z.string(),
    contact: z.object({ id: z.string(), name: z.string() }).nullable(),
    state: z.enum(['due', 'given']),
    reason: z.string(),
    earned_with: z.record(z.string(), z.number()),
    earned_at: z.string(),
    given_at: z.string().nullable(),
  })
  .openapi('Reward')

const RewardPatch = z
  .strictObject({ state: z.enum(['due', 'given']) })
  .openapi('UpdateReward', { example: { state: 'given' } })

const SettingsSchema = z
  .object({
    cost_per_click: z.number().int().nullable(),
    cpm: z.number().int().nullable(),
    currency: z.string(),
    updated_at: z.string().nullable(),
  })
  .openapi('WordOfMouthSettings')

const SettingsBody = z
  .strictObject({
    cost_per_click: z.number().int().min(0).max(1_000_000).nullable().optional(),
    cpm: z.number().int().min(0).max(100_000_000).nullable().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'A three-letter currency code, like EUR')
      .optional(),
  })
  .openapi('UpdateWordOfMouthSettings', {
    example: { cost_per_click: 80, cpm: 900, currency: 'EUR' },
  })

const RuleParams = WorkspaceParams.extend({
  rule_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'rule_id', in: 'path' } }),
})
const RewardParams = WorkspaceParams.extend({
  reward_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'reward_id', in: 'path' } }),
})
const PostParams = WorkspaceParams.extend({
  post_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'post_id', in: 'path' } }),
})

const presentRule = (r: RewardRule) => ({ ...r, created_at: iso(r.created_at) })
const presentReward = (r: Reward) => ({
  ...r,
  earned_at: iso(r.earned_at),
  given_at: isoOrNull(r.given_at),
})

const Summary = z
  .object({
    root: z.object({ kind: RootKind, id: z.string() }),
    size: z.number(),
    depth: z.number(),
    structural_virality: z.number(),
    visits: z.number(),
    customers: z.number(),
    revenue: z.number(),
  })
  .openapi('CascadeSummary')

/** Reward rules and rewards, earned media rates, network reshares and the list of cascades. */
export function wordOfMouthRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}'

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/cascades`,
      tags: tag,
      summary: 'Every cascade of the workspace with its size and structural virality',
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ data: z.array(Summary) }), 'Largest first'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const cascades = await loadCascades(c.var.workspace.scope, {})
      const data = cascades
        .map((cascade) => {
          const report = cascadeMetricsReport(cascade) as Record<string, unknown> & {
            conversions: { revenue: number }
          }
          return {
            root: { kind: cascade.rootKind, id: cascade.rootId },
            size: Number(report.size),
            depth: Number(report.depth),
            structural_virality: Number(report.structural_virality),
            visits: Number(report.visits),
            customers: Number(report.customers),
            revenue: Number(report.conversions.revenue),
          }
        })
        .sort((a, b) => b.size - a.size || b.visits - a.visits)
      return c.json({ data }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/cascades/post/{post_id}/network-reshares`,
      tags: tag,
      summary:
        'Read who reposted, quoted or boosted the post on Bluesky and Mastodon into its share tree',
      request: { params: PostParams },
      responses: {
        200: json(
          z
            .object({
              post_id: z.string(),
              added: z.number(),
              channels: z.array(
                z.object({
                  channel_id: z.string(),
                  network: z.string(),
                  handle: z.string(),
                  found: z.number(),
                  added: z.number(),
                  error: z.string().nullable(),
                }),
              ),
            })
            .openapi('ReshareSync'),
          'What was found, per channel',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const result = await syncNetworkReshares(
        c.var.murmur,
        access.scope,
        c.req.valid('param').post_id,
      )
      return c.json(result, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/reward-rules`,
      tags: tag,
      summary: 'Reward rules for advocates',
      request: { params: WorkspaceParams },
      responses: { 200: json(z.object({ data: z.array(RuleSchema) }), 'Rules'), ...errorResponses },
    }),
    async (c) => {
      const rules = await listRules(c.var.workspace.scope)
      return c.json({ data: rules.map(presentRule) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/reward-rules`,
      tags: tag,
      summary: 'A reward rule: met when any one condition is reached through a sharer’s branches',
      request: { params: WorkspaceParams, body: jsonBody(RuleBody) },
      responses: { 201: json(RuleSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const rule = await createRule(c.var.murmur, access.scope, c.req.valid('json'))
      return c.json(presentRule(rule), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/reward-rules/{rule_id}`,
      tags: tag,
      summary: 'Change a reward rule (rewards already due stay)',
      request: { params: RuleParams, body: jsonBody(RulePatch) },
      responses: { 200: json(RuleSchema, 'Changed'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const rule = await updateRule(access.scope, c.req.valid('param').rule_id, c.req.valid('json'))
      return c.json(presentRule(rule), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/reward-rules/{rule_id}`,
      tags: tag,
      summary: 'Delete a reward rule and the rewards it marked',
      request: { params: RuleParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      await deleteRule(access.scope, c.req.valid('param').rule_id)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/rewards`,
      tags: tag,
      summary: 'Rewards earned by advocates, newest first (rules are checked again first)',
      request: {
        params: WorkspaceParams,
        query: z.object({
          state: z.enum(['due', 'given']).optional(),
          contact_id: z.string().max(64).optional(),
        }),
      },
      responses: {
        200: json(z.object({ data: z.array(RewardSchema) }), 'Rewards'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const scope = c.var.workspace.scope
      await evaluateRewards(c.var.murmur, scope)
      const rewards = await listRewards(scope, c.req.valid('query'))
      return c.json({ data: rewards.map(presentReward) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/rewards/{reward_id}`,
      tags: tag,
      summary: 'Mark a reward given (or due again)',
      request: { params: RewardParams, body: jsonBody(RewardPatch) },
      responses: { 200: json(RewardSchema, 'Changed'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const reward = await setRewardState(
        c.var.murmur,
        access.scope,
        c.req.valid('param').reward_id,
        c.req.valid('json').state,
      )
      return c.json(presentReward(reward), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/word-of-mouth/settings`,
      tags: tag,
      summary: 'The workspace’s cost per click and CPM, for earned media value',
      request: { params: WorkspaceParams },
      responses: { 200: json(SettingsSchema, 'Settings'), ...errorResponses },
    }),
    async (c) => {
      const settings = await getWordOfMouthSettings(c.var.workspace.scope)
      return c.json({ ...settings, updated_at: isoOrNull(settings.updated_at) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/word-of-mouth/settings`,
      tags: tag,
      summary: 'Set the cost per click and CPM (minor units) used for earned media value',
      request: { params: WorkspaceParams, body: jsonBody(SettingsBody) },
      responses: { 200: json(SettingsSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const body = c.req.valid('json')
      const changes = Object.fromEntries(
        Object.entries(body).filter(([, value]) => value !== undefined),
      ) as typeof body
      await updateWordOfMouthSettings(access.scope, changes, c.var.murmur.now())
      const settings = await getWordOfMouthSettings(access.scope)
      return c.json({ ...settings, updated_at: isoOrNull(settings.updated_at) }, 200)
    },
  )
}
