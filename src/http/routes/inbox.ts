import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { invalid } from '../../core/errors.js'
import { syncWorkspaceNow } from '../../engagement/inbox-sync.js'
import {
  addConversationNote,
  deleteConversationNote,
  getConversation,
  inboxCounts,
  listConversationNotes,
  listConversations,
  listMessages,
  logConversation,
  markRead,
  rootPostText,
  updateConversation,
} from '../../services/conversations.js'
import { canLike, likeMessage } from '../../services/inbox-likes.js'
import { replyInConversation } from '../../services/inbox-replies.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import {
  ErrorSchema,
  errorResponses,
  isoOrNull,
  json,
  jsonBody,
  listOf,
  PageQuery,
  WorkspaceParams,
} from '../schemas.js'
import {
  ConversationDetailSchema,
  ConversationListQuery,
  ConversationNoteParams,
  ConversationParams,
  ConversationSchema,
  CountsSchema,
  LikeBody,
  LogConversationBody,
  MessageSchema,
  NoteBody,
  NoteSchema,
  presentConversation,
  presentMessage,
  presentNote,
  presentSyncResult,
  ReplyBody,
  SyncBody,
  SyncResultSchema,
  SyncStateSchema,
  UpdateConversationBody,
} from './inbox-schemas.js'

const DETAIL_MESSAGES = 200

/** The caller's user id (null for API keys): who wrote, sent or assigned. */
const actorOf = (auth: AppEnv['Variables']['auth']) =>
  auth?.kind === 'session' ? auth.user.id : null

export function inboxRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}'
  const tags = ['Inbox']

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/conversations`,
      tags,
      summary: 'The inbox: conversations, newest activity (or most urgent) first, with filters',
      request: { params: WorkspaceParams, query: ConversationListQuery },
      responses: {
        200: json(listOf(ConversationSchema, 'ConversationList'), 'Conversations'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const query = c.req.valid('query')
      let assignee = query.assignee_id
      if (assignee === 'me') {
        assignee = actorOf(c.var.auth) ?? undefined
        if (!assignee) throw invalid('"me" needs a signed-in user; API keys name a member id.')
      }
      const page = await listConversations(c.var.workspace.scope, {
        ...query,
        assignee_id: assignee,
      })
      return c.json(
        { data: page.data.map(presentConversation), next_cursor: page.next_cursor },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/conversations`,
      tags,
      summary: 'Log an exchange that happened off the networks (a call, an email, in the shop)',
      request: { params: WorkspaceParams, body: jsonBody(LogConversationBody) },
      responses: { 201: json(ConversationSchema, 'Logged'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const conversation = await logConversation(c.var.murmur, access.scope, {
        contactId: body.contact_id,
        text: body.text,
        occurredAt: body.occurred_at ? Date.parse(body.occurred_at) : undefined,
        loggedBy: actorOf(c.var.auth),
      })
      return c.json(presentConversation(conversation), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/conversations/counts`,
      tags,
      summary: 'Open conversations by intent and sentiment, and unassigned ones (badges)',
      request: { params: WorkspaceParams },
      responses: { 200: json(CountsSchema, 'Counts'), ...errorResponses },
    }),
    async (c) => c.json(await inboxCounts(c.var.workspace.scope), 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/conversations/{conversation_id}`,
      tags,
      summary: "A conversation: the business's post, the messages, the internal notes",
      request: { params: ConversationParams },
      responses: { 200: json(ConversationDetailSchema, 'Conversation'), ...errorResponses },
    }),
    async (c) => {
      const { scope } = c.var.workspace
      const id = c.req.valid('param').conversation_id
      const conversation = await getConversation(scope, id)
      const messages = await listMessages(scope, id, { limit: DETAIL_MESSAGES })
      return c.json(
        {
          ...presentConversation(conversation),
          root_text: await rootPostText(scope, conversation),
          messages: messages.data.map(presentMessage),
          more_messages: messages.next_cursor !== null,
          notes: (await listConversationNotes(scope, id)).map(presentNote),
          can_like: canLike(c.var.murmur, conversation.network),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/conversations/{conversation_id}`,
      tags,
      summary: 'Mark done or open again; assign to a member (or null to unassign)',
      request: { params: ConversationParams, body: jsonBody(UpdateConversationBody) },
      responses: { 200: json(ConversationSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const conversation = await updateConversation(
        c.var.murmur,
        access.scope,
        c.req.valid('param').conversation_id,
        c.req.valid('json'),
      )
      return c.json(presentConversation(conversation), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/conversations/{conversation_id}/messages`,
      tags,
      summary: 'Messages of a conversation, oldest first',
      request: { params: ConversationParams, query: PageQuery },
      responses: { 200: json(listOf(MessageSchema, 'MessageList'), 'Messages'), ...errorResponses },
    }),
    async (c) => {
      const page = await listMessages(
        c.var.workspace.scope,
        c.req.valid('param').conversation_id,
        c.req.valid('query'),
      )
      return c.json({ data: page.data.map(presentMessage), next_cursor: page.next_cursor }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/conversations/{conversation_id}/like`,
      tags,
      summary:
        'Like a received message on its network, as the channel (editor). Liking it again changes nothing; 400 on networks that offer no like',
      request: { params: ConversationParams, body: jsonBody(LikeBody) },
      responses: { 200: json(MessageSchema, 'Liked'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const message = await likeMessage(
        c.var.murmur,
        access.scope,
        c.req.valid('param').conversation_id,
        { messageId: c.req.valid('json').message_id, likedBy: actorOf(c.var.auth) },
      )
      return c.json(presentMessage(message), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/conversations/{conversation_id}/reply`,
      tags,
      summary: 'Reply: published on the network as a real reply to the message, then stored',
      request: { params: ConversationParams, body: jsonBody(ReplyBody) },
      responses: { 201: json(MessageSchema, 'Sent'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const message = await replyInConversation(
        c.var.murmur,
        access.scope,
        c.req.valid('param').conversation_id,
        {
          text: body.text,
          savedReplyId: body.saved_reply_id,
          messageId: body.message_id,
          markDone: body.mark_done,
          sentBy: actorOf(c.var.auth),
        },
      )
      return c.json(presentMessage(message), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/conversations/{conversation_id}/read`,
      tags,
      summary: 'Mark as read (no longer bold in the list until something new arrives)',
      request: { params: ConversationParams },
      responses: { 204: { description: 'Read' }, ...errorResponses },
    }),
    async (c) => {
      await markRead(c.var.murmur, c.var.workspace.scope, c.req.valid('param').conversation_id)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/conversations/{conversation_id}/notes`,
      tags,
      summary: 'Add an internal note (never published)',
      request: { params: ConversationParams, body: jsonBody(NoteBody) },
      responses: { 201: json(NoteSchema, 'Added'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const note = await addConversationNote(
        c.var.murmur,
        access.scope,
        c.req.valid('param').conversation_id,
        { body: c.req.valid('json').body, authorId: actorOf(c.var.auth) },
      )
      return c.json(presentNote(note), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/conversations/{conversation_id}/notes/{note_id}`,
      tags,
      summary: 'Delete an internal note',
      request: { params: ConversationNoteParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const params = c.req.valid('param')
      await deleteConversationNote(access.scope, params.conversation_id, params.note_id)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/inbox/sync`,
      tags,
      summary:
        'Sync now: read every channel (or one) from the networks, and answer what came. Pressed again within 30 s: 429 with Retry-After',
      request: { params: WorkspaceParams, body: jsonBody(SyncBody) },
      responses: {
        200: json(z.object({ channels: z.array(SyncResultSchema) }), 'What each channel did'),
        429: json(ErrorSchema, 'Pressed again too soon; Retry-After says when to try'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const results = await syncWorkspaceNow(c.var.murmur, access.scope, {
        channelId: c.req.valid('json').channel_id,
        pressed: true,
      })
      return c.json({ channels: results.map(presentSyncResult) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/inbox/sync`,
      tags,
      summary: 'Where the sync of each channel stands (last success, next sync, errors)',
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ channels: z.array(SyncStateSchema) }), 'Sync state'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const rows = await c.var.workspace.scope
        .selectFrom('channels')
        .leftJoin('inbox_sync_state', 'inbox_sync_state.channel_id', 'channels.id')
        .select([
          'channels.id',
          'channels.network',
          'channels.handle',
          'channels.status',
          'inbox_sync_state.last_success_at',
          'inbox_sync_state.next_sync_at',
          'inbox_sync_state.failures',
          'inbox_sync_state.last_error',
          'inbox_sync_state.items_received',
          'inbox_sync_state.gap_cursor',
        ])
        .orderBy('channels.id')
        .execute()
      return c.json(
        {
          channels: rows.map((row) => ({
            channel_id: row.id,
            network: row.network,
            handle: row.handle,
            channel_status: row.status,
            last_success_at: isoOrNull(row.last_success_at),
            next_sync_at: isoOrNull(row.next_sync_at),
            failures: row.failures ?? 0,
            last_error: row.last_error,
            items_received: row.items_received ?? 0,
            catching_up: row.gap_cursor !== null && row.gap_cursor !== undefined,
          })),
        },
        200,
      )
    },
  )
}
