import { type QueryCreator, sql } from 'kysely'
import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import { isSafeFetchError, parseFetchableUrl } from '../net/safe-fetch/index.js'
import type { Schema } from '../storage/schema.js'
import type { WebhookDeliveryStatus } from '../storage/tables/team-workflow.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { newWebhookSecret } from './webhook-signature.js'

/** Every event an endpoint can subscribe to, with what it means (the API and docs list these). */
export const WEBHOOK_EVENTS = {
  'post.published': 'A post went out on a channel',
  'post.failed': 'A post could not be published on a channel',
  'post.unconfirmed':
    'Murmur cannot tell whether a post went out on a channel; a person must check',
  'post.needs_approval': 'A post was scheduled by someone whose posts wait for approval',
  'post.approved': 'An approver approved a waiting post',
  'post.rejected': 'An approver asked for changes to a waiting post',
  'channel.needs_reconnect':
    'A channel stopped working (its connection ended or was refused); someone must reconnect it',
  'message.received': 'A new message reached the inbox (a mention, reply, comment or quote)',
  'contact.lead': 'A contact became a lead (purchase intent, a lead conversion, or by hand)',
  'contact.customer': 'A contact became a customer (a sale, or by hand)',
  'conversion.created': 'A lead or a sale was reported, with the clicks it is attributed to',
} as const
export type WebhookEventType = keyof typeof WEBHOOK_EVENTS
/** Sent only by "send a test event", to that endpoint. */
export const TEST_EVENT = 'webhook.test'

export const isWebhookEvent = (value: string): value is WebhookEventType =>
  Object.hasOwn(WEBHOOK_EVENTS, value)

export interface WebhookEndpointView {
  id: string
  url: string
  description: string | null
  events: WebhookEventType[]
  enabled: boolean
  disabled_reason: string | null
  failing_since: number | null
  created_at: number
  updated_at: number
}

const ENDPOINT_COLUMNS = [
  'id',
  'url',
  'description',
  'events',
  'enabled',
  'disabled_reason',
  'failing_since',
  'created_at',
  'updated_at',
] as const

type EndpointRow = {
  id: string
  url: string
  description: string | null
  events: string
  enabled: number
  disabled_reason: string | null
  failing_since: number | null
  created_at: number
  updated_at: number
}

const endpointView = (row: EndpointRow): WebhookEndpointView => ({
  ...row,
  events: JSON.parse(row.events) as WebhookEventType[],
  enabled: Boolean(row.enabled),
  failing_since: row.failing_since === null ? null : Number(row.failing_since),
  created_at: Number(row.created_at),
  updated_at: Number(row.updated_at),
})

function checkUrl(url: string): string {
  try {
    const parsed = parseFetchableUrl(url.trim())
    return parsed.href
  } catch (error) {
    throw invalid(
      `${isSafeFetchError(error) ? error.message : 'Not a web address.'} Give an http(s) address that answers POST requests.`,
      [{ path: 'url', message: 'Invalid URL' }],
    )
  }
}

function checkEvents(events: string[]): WebhookEventType[] {
  const unknown = events.filter((event) => !isWebhookEvent(event))
  if (unknown.length > 0 || events.length === 0) {
    throw invalid(
      events.length === 0
        ? 'Subscribe to at least one event.'
        : `Unknown event: ${unknown.join(', ')}. Choose from ${Object.keys(WEBHOOK_EVENTS).join(', ')}.`,
      [{ path: 'events', message: events.length === 0 ? 'Required' : 'Unknown event' }],
    )
  }
  return [...new Set(events)] as WebhookEventType[]
}

async function requireEndpoint(scope: WorkspaceScope, id: string): Promise<EndpointRow> {
  const row = await scope
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Webhook endpoint')
  return row
}

export async function getWebhookEndpoint(
  scope: WorkspaceScope,
  id: string,
): Promise<WebhookEndpointView> {
  return endpointView(await requireEndpoint(scope, id))
}

/** Makes an endpoint; its signing secret is returned this once and stored sealed. */
export async function createWebhookEndpoint(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: { url: string; events: string[]; description?: string | null | undefined },
  createdBy: string | null,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const now = murmur.now()
  const secret = newWebhookSecret()
  const row = {
    id: newId('whk', now),
    url: checkUrl(input.url),
    description: input.description?.trim() || null,
    events: JSON.stringify(checkEvents(input.events)),
    secret: murmur.secrets.seal(secret),
    enabled: 1,
    disabled_reason: null,
    failing_since: null,
    created_by: createdBy,
    created_at: now,
    updated_at: now,
  }
  await scope.insertInto('webhook_endpoints', row).execute()
  return { endpoint: endpointView(row), secret }
}

export async function listWebhookEndpoints(scope: WorkspaceScope): Promise<WebhookEndpointView[]> {
  const rows = await scope
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(endpointView)
}

export async function updateWebhookEndpoint(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  patch: {
    url?: string | undefined
    events?: string[] | undefined
    description?: string | null | undefined
    enabled?: boolean | undefined
  },
): Promise<WebhookEndpointView> {
  await requireEndpoint(scope, id)
  await scope
    .updateTable('webhook_endpoints')
    .set({
      updated_at: murmur.now(),
      ...(patch.url !== undefined && { url: checkUrl(patch.url) }),
      ...(patch.events !== undefined && { events: JSON.stringify(checkEvents(patch.events)) }),
      ...(patch.description !== undefined && { description: patch.description?.trim() || null }),
      // Turning an endpoint back on forgets why it was off and its run of failures.
      ...(patch.enabled !== undefined && {
        enabled: patch.enabled ? 1 : 0,
        disabled_reason: patch.enabled ? null : 'Turned off by a person.',
        failing_since: null,
      }),
    })
    .where('id', '=', id)
    .execute()
  return getWebhookEndpoint(scope, id)
}

/** A new signing secret (shown once); the old one stops signing at once. */
export async function rotateWebhookSecret(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<string> {
  await requireEndpoint(scope, id)
  const secret = newWebhookSecret()
  await scope
    .updateTable('webhook_endpoints')
    .set({ secret: murmur.secrets.seal(secret), updated_at: murmur.now() })
    .where('id', '=', id)
    .execute()
  return secret
}

export async function deleteWebhookEndpoint(scope: WorkspaceScope, id: string): Promise<void> {
  await requireEndpoint(scope, id)
  await scope.transaction(async (trx) => {
    const deliveries = trx
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('endpoint_id', '=', id)
    await trx.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute()
    await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute()
    await trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute()
  })
}

function queueRow(endpointId: string, type: string, data: unknown, now: number) {
  const id = newId('msg', now)
  return {
    id,
    endpoint_id: endpointId,
    event_type: type,
    payload: JSON.stringify({ type, timestamp: new Date(now).toISOString(), data }),
    status: 'pending' as const,
    attempts: 0,
    next_attempt_at: now,
    lease_owner: null,
    lease_expires_at: null,
    last_status_code: null,
    last_error: null,
    created_at: now,
    delivered_at: null,
  }
}

/**
 * Queues an event for every enabled endpoint of the workspace that subscribes to it, through
 * `scope`: pass the transaction that makes the change, so the event is queued exactly when the
 * change commits (never lost, never sent for a change that rolled back). Throws like any write.
 */
export async function queueWebhookEvent(
  scope: WorkspaceScope,
  type: WebhookEventType,
  data: Record<string, unknown>,
  now: number,
): Promise<void> {
  await webhookEventInsert(scope.db, scope, type, data, now).execute()
}

/**
 * The one statement that queues an event, with no round trip to read the endpoints first
 * (publishing sends one event per post). `into` is where it starts: `db`, or a PostgreSQL
 * `db.with(…)` whose change runs in the same statement. `events` is the JSON text of an array of
 * event names (JSON.stringify of names made of [a-z._]), so the name in quotes is a
 * subscription. Each row's id is this event's id and the endpoint's: unique, still starting with
 * `msg_` and sorting by time.
 */
export function webhookEventInsert(
  into: QueryCreator<Schema>,
  scope: WorkspaceScope,
  type: WebhookEventType,
  data: Record<string, unknown>,
  now: number,
) {
  const payload = JSON.stringify({ type, timestamp: new Date(now).toISOString(), data })
  const subscribed = `%${likeEscape(JSON.stringify(type))}%`
  const at = sql<number>`cast(${now} as bigint)`
  return into
    .insertInto('webhook_deliveries')
    .columns([
      'workspace_id',
      'id',
      'endpoint_id',
      'event_type',
      'payload',
      'status',
      'attempts',
      'next_attempt_at',
      'created_at',
    ])
    .expression(
      scope
        .selectFrom('webhook_endpoints')
        .select((eb) => [
          'workspace_id',
          sql<string>`${`${newId('msg', now)}_`} || ${eb.ref('id')}`.as('id'),
          'id as endpoint_id',
          sql<string>`${type}`.as('event_type'),
          sql<string>`${payload}`.as('payload'),
          sql<'pending'>`'pending'`.as('status'),
          sql<number>`0`.as('attempts'),
          at.as('next_attempt_at'),
          at.as('created_at'),
        ])
        .where('enabled', '=', 1)
        .where(sql<boolean>`events like ${subscribed} escape '\\'`),
    )
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Several events at once (a page of inbox messages), in order, with one look at the endpoints. */
export async function queueWebhookEvents(
  scope: WorkspaceScope,
  events: ReadonlyArray<{ type: WebhookEventType; data: Record<string, unknown> }>,
  now: number,
): Promise<void> {
  if (events.length === 0) return
  const endpoints = await scope
    .selectFrom('webhook_endpoints')
    .select(['id', 'events'])
    .where('enabled', '=', 1)
    .execute()
  if (endpoints.length === 0) return
  const subscribed = endpoints.map((endpoint) => ({
    id: endpoint.id,
    events: new Set(JSON.parse(endpoint.events) as string[]),
  }))
  const rows = events.flatMap(({ type, data }) =>
    subscribed
      .filter((endpoint) => endpoint.events.has(type))
      .map((endpoint) => queueRow(endpoint.id, type, data, now)),
  )
  // Both databases cap the parameters of one statement.
  for (let start = 0; start < rows.length; start += 100) {
    await scope.insertInto('webhook_deliveries', rows.slice(start, start + 100)).execute()
  }
}

/**
 * Queues an event after the change it reports was saved on its own. Never throws: an event must
 * not undo the action that caused it. Prefer `queueWebhookEvent` inside the change's transaction.
 */
export async function emitWebhookEvent(
  murmur: Murmur,
  workspaceId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
): Promise<void> {
  try {
    await queueWebhookEvent(new WorkspaceScope(murmur.db, workspaceId), type, data, murmur.now())
  } catch (error) {
    murmur.log.error({ err: error, type, workspace: workspaceId }, 'webhook event not queued')
  }
}

/** Queues a `webhook.test` event for one endpoint, enabled or not. */
export async function sendTestEvent(
  murmur: Murmur,
  scope: WorkspaceScope,
  endpointId: string,
): Promise<string> {
  await requireEndpoint(scope, endpointId)
  const row = queueRow(
    endpointId,
    TEST_EVENT,
    { message: 'A test event from Murmur: your endpoint receives and verifies webhooks.' },
    murmur.now(),
  )
  await scope.insertInto('webhook_deliveries', row).execute()
  return row.id
}

export interface WebhookAttemptView {
  attempt: number
  status_code: number | null
  response_excerpt: string | null
  error: string | null
  duration_ms: number
  created_at: number
}

export interface WebhookDeliveryView {
  id: string
  endpoint_id: string
  event_type: string
  payload: unknown
  status: WebhookDeliveryStatus
  attempts: number
  next_attempt_at: number | null
  last_status_code: number | null
  last_error: string | null
  created_at: number
  delivered_at: number | null
  attempt_log: WebhookAttemptView[]
}

/** An endpoint's deliveries, newest first, each with every attempt and its response. */
export async function listWebhookDeliveries(
  scope: WorkspaceScope,
  endpointId: string,
  options: { limit: number; status?: WebhookDeliveryStatus | undefined },
): Promise<WebhookDeliveryView[]> {
  await requireEndpoint(scope, endpointId)
  let query = scope
    .selectFrom('webhook_deliveries')
    .select([
      'id',
      'endpoint_id',
      'event_type',
      'payload',
      'status',
      'attempts',
      'next_attempt_at',
      'last_status_code',
      'last_error',
      'created_at',
      'delivered_at',
    ])
    .where('endpoint_id', '=', endpointId)
  if (options.status) query = query.where('status', '=', options.status)
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute()
  const attempts = rows.length
    ? await scope
        .selectFrom('webhook_attempts')
        .select([
          'delivery_id',
          'attempt',
          'status_code',
          'response_excerpt',
          'error',
          'duration_ms',
          'created_at',
        ])
        .where(
          'delivery_id',
          'in',
          rows.map((row) => row.id),
        )
        .orderBy('attempt')
        .execute()
    : []
  return rows.map((row) => ({
    ...row,
    payload: JSON.parse(row.payload),
    next_attempt_at: row.next_attempt_at === null ? null : Number(row.next_attempt_at),
    created_at: Number(row.created_at),
    delivered_at: row.delivered_at === null ? null : Number(row.delivered_at),
    attempt_log: attempts
      .filter((a) => a.delivery_id === row.id)
      .map(({ delivery_id: _, ...a }) => ({ ...a, created_at: Number(a.created_at) })),
  }))
}

/** Sends a delivery again now (a new round of retries), with the same webhook-id. */
export async function resendWebhookDelivery(
  murmur: Murmur,
  scope: WorkspaceScope,
  endpointId: string,
  deliveryId: string,
): Promise<void> {
  await requireEndpoint(scope, endpointId)
  const result = await scope
    .updateTable('webhook_deliveries')
    .set({
      status: 'pending',
      attempts: 0,
      next_attempt_at: murmur.now(),
      lease_owner: null,
      lease_expires_at: null,
    })
    .where('id', '=', deliveryId)
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) throw notFound('Webhook delivery')
}
