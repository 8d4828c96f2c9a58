import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  createIntentRule,
  deleteIntentRule,
  getIntentRule,
  listIntentRules,
  resetIntentRules,
  updateIntentRule,
  workspaceUnderstander,
} from '../../services/intent-rules.js'
import {
  createSavedReply,
  deleteSavedReply,
  getSavedReply,
  listSavedReplies,
  PLACEHOLDERS,
  updateSavedReply,
} from '../../services/saved-replies.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { errorResponses, json, jsonBody, WorkspaceParams } from '../schemas.js'
import {
  CreateIntentRuleBody,
  CreateSavedReplyBody,
  IntentRuleParams,
  IntentRuleSchema,
  presentRule,
  presentSavedReply,
  SavedReplyParams,
  SavedReplySchema,
  TryRulesBody,
  UnderstandingSchema,
  UpdateIntentRuleBody,
  UpdateSavedReplyBody,
} from './inbox-schemas.js'

const actorOf = (auth: AppEnv['Variables']['auth']) =>
  auth?.kind === 'session' ? auth.user.id : null

/** Saved replies and the intent rules: the inbox's workspace settings. */
export function inboxSettingsRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}'

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/saved-replies`,
      tags: ['Saved replies'],
      summary: 'Saved replies, by name, with the placeholders they may use',
      request: { params: WorkspaceParams },
      responses: {
        200: json(
          z.object({ data: z.array(SavedReplySchema), placeholders: z.array(z.string()) }),
          'Saved replies',
        ),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(
        {
          data: (await listSavedReplies(c.var.workspace.scope)).map(presentSavedReply),
          placeholders: PLACEHOLDERS.map((p) => `{${p}}`),
        },
        200,
      ),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/saved-replies`,
      tags: ['Saved replies'],
      summary: 'Save a reply; {first_name}, {name} and {handle} are filled when it is sent',
      request: { params: WorkspaceParams, body: jsonBody(CreateSavedReplyBody) },
      responses: { 201: json(SavedReplySchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const reply = await createSavedReply(c.var.murmur, access.scope, {
        name: body.name,
        body: body.body,
        createdBy: actorOf(c.var.auth),
      })
      return c.json(presentSavedReply(reply), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/saved-replies/{saved_reply_id}`,
      tags: ['Saved replies'],
      summary: 'One saved reply',
      request: { params: SavedReplyParams },
      responses: { 200: json(SavedReplySchema, 'Saved reply'), ...errorResponses },
    }),
    async (c) => {
      const reply = await getSavedReply(c.var.workspace.scope, c.req.valid('param').saved_reply_id)
      return c.json(presentSavedReply(reply), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/saved-replies/{saved_reply_id}`,
      tags: ['Saved replies'],
      summary: 'Edit a saved reply',
      request: { params: SavedReplyParams, body: jsonBody(UpdateSavedReplyBody) },
      responses: { 200: json(SavedReplySchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const reply = await updateSavedReply(
        c.var.murmur,
        access.scope,
        c.req.valid('param').saved_reply_id,
        c.req.valid('json'),
      )
      return c.json(presentSavedReply(reply), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/saved-replies/{saved_reply_id}`,
      tags: ['Saved replies'],
      summary: 'Delete a saved reply',
      request: { params: SavedReplyParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      await deleteSavedReply(access.scope, c.req.valid('param').saved_reply_id)
      return c.body(null, 204)
    },
  )

  const ruleTags = ['Intent rules']
  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/intent-rules`,
      tags: ruleTags,
      summary: 'The rules that give messages their intent, in order (defaults installed at first)',
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ data: z.array(IntentRuleSchema) }), 'Rules'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const rules = await listIntentRules(c.var.murmur, c.var.workspace.scope)
      return c.json({ data: rules.map(presentRule) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/intent-rules`,
      tags: ruleTags,
      summary: 'Add a rule (it reads messages received from now on)',
      request: { params: WorkspaceParams, body: jsonBody(CreateIntentRuleBody) },
      responses: { 201: json(IntentRuleSchema, 'Added'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const rule = await createIntentRule(c.var.murmur, access.scope, c.req.valid('json'))
      return c.json(presentRule(rule), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/intent-rules/reset`,
      tags: ruleTags,
      summary: "Replace the workspace's rules with Murmur's default set",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ data: z.array(IntentRuleSchema) }), 'Rules'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const rules = await resetIntentRules(c.var.murmur, access.scope)
      return c.json({ data: rules.map(presentRule) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/intent-rules/try`,
      tags: ruleTags,
      summary: 'Read a text with the current rules: the labels it would get, and why',
      request: { params: WorkspaceParams, body: jsonBody(TryRulesBody) },
      responses: { 200: json(UnderstandingSchema, 'Labels'), ...errorResponses },
    }),
    async (c) => {
      const understand = await workspaceUnderstander(c.var.murmur, c.var.workspace.scope)
      const result = understand(c.req.valid('json').text)
      return c.json(
        {
          sentiment: result.sentiment,
          sentiment_score: result.sentimentScore,
          intent: result.intent,
          priority: result.priority,
          labels: result.labels,
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/intent-rules/{intent_rule_id}`,
      tags: ruleTags,
      summary: 'One rule',
      request: { params: IntentRuleParams },
      responses: { 200: json(IntentRuleSchema, 'Rule'), ...errorResponses },
    }),
    async (c) => {
      const rule = await getIntentRule(
        c.var.murmur,
        c.var.workspace.scope,
        c.req.valid('param').intent_rule_id,
      )
      return c.json(presentRule(rule), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/intent-rules/{intent_rule_id}`,
      tags: ruleTags,
      summary: 'Edit, disable or move a rule',
      request: { params: IntentRuleParams, body: jsonBody(UpdateIntentRuleBody) },
      responses: { 200: json(IntentRuleSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const rule = await updateIntentRule(
        c.var.murmur,
        access.scope,
        c.req.valid('param').intent_rule_id,
        c.req.valid('json'),
      )
      return c.json(presentRule(rule), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/intent-rules/{intent_rule_id}`,
      tags: ruleTags,
      summary: 'Delete a rule',
      request: { params: IntentRuleParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      await deleteIntentRule(c.var.murmur, access.scope, c.req.valid('param').intent_rule_id)
      return c.body(null, 204)
    },
  )
}
