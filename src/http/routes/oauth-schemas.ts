import { z } from '@hono/zod-openapi'
import { APP_NETWORKS } from '../../config.js'
import { NETWORK_IDS } from '../../networks/spec/index.js'
import { Timestamp, WorkspaceParams } from '../schemas.js'

/** Schemas of OAuth connections: network apps, sign-in start and callback, choosing Pages. */

const NetworkParam = z.enum(NETWORK_IDS).openapi({
  param: { name: 'network', in: 'path' },
  example: 'x',
})
const AppNetworkParam = z.enum(APP_NETWORKS).openapi({
  param: { name: 'network', in: 'path' },
  example: 'x',
})

export const OAuthNetworkParams = WorkspaceParams.extend({ network: NetworkParam })
export const AppNetworkParams = WorkspaceParams.extend({ network: AppNetworkParam })
export const CallbackParams = z.object({ network: NetworkParam })
export const PendingParams = WorkspaceParams.extend({
  pending_id: z
    .string()
    .max(64)
    .openapi({
      param: { name: 'pending_id', in: 'path' },
      example: 'oauth_01jb3k8x4r2m5n7p9q0s1t2v3w',
    }),
})

export const CallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(1024).optional(),
  error: z.string().max(1024).optional(),
  error_description: z.string().max(4096).optional(),
})

export const StartOAuthBody = z
  .strictObject({
    instance: z.string().trim().min(1).max(253).optional().openapi({
      description:
        'Mastodon only: the server, as the person types it (mastodon.social, https://mastodon.social or @me@mastodon.social)',
      example: 'mastodon.social',
    }),
    channel_id: z.string().max(64).optional().openapi({
      description: 'Reconnect this channel: the sign-in must reach the same account',
      example: 'ch_01jb3k8x4r2m5n7p9q0s1t2v3w',
    }),
  })
  .openapi('StartOAuth', { example: { instance: 'mastodon.social' } })

export const StartOAuthSchema = z
  .object({
    authorize_url: z.string().openapi({
      description: 'Send the browser here; the network sends it back to the callback',
      example: 'https://x.com/i/oauth2/authorize?response_type=code&client_id=…',
    }),
    expires_at: Timestamp.openapi({ description: 'The sign-in must finish before this' }),
  })
  .openapi('OAuthStart')

export const NetworkAppSchema = z
  .object({
    network: z.enum(APP_NETWORKS),
    available: z.boolean().openapi({ description: 'This version of Murmur can connect it' }),
    configured: z.boolean(),
    source: z.enum(['workspace', 'environment']).nullable().openapi({
      description: 'The workspace’s own app wins over MURMUR_<NETWORK>_CLIENT_ID',
    }),
    client_id: z.string().nullable(),
    has_secret: z.boolean(),
    redirect_uri: z.string().openapi({
      description: 'Register this exact callback URL on the developer app',
      example: 'https://murmur.example.com/api/v1/oauth/x/callback',
    }),
    docs: z.string().openapi({ example: 'docs/networks/x.md' }),
  })
  .openapi('NetworkApp')

export const NetworkAppListSchema = z
  .object({ data: z.array(NetworkAppSchema) })
  .openapi('NetworkAppList')

export const SaveNetworkAppBody = z
  .strictObject({
    client_id: z.string().trim().min(1, 'Required').max(512).openapi({
      example: 'M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ',
    }),
    client_secret: z.string().trim().min(1).max(1024).optional().openapi({
      description: 'Stored encrypted, never shown again. Leave out for a public client.',
      example: 'x-client-secret-from-the-developer-portal',
    }),
  })
  .openapi('SaveNetworkApp', {
    example: {
      client_id: 'M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ',
      client_secret: 'x-client-secret-from-the-developer-portal',
    },
  })

export const PendingSchema = z
  .object({
    id: z.string(),
    network: z.enum(NETWORK_IDS),
    expires_at: Timestamp,
    accounts: z.array(
      z.object({
        id: z.string().openapi({ description: 'The Page’s (account’s) id on the network' }),
        handle: z.string(),
        display_name: z.string(),
        avatar_url: z.string().nullable(),
        connected: z
          .boolean()
          .openapi({ description: 'Already a channel here: choosing it renews that channel' }),
        problem: z.string().nullable().openapi({
          description: 'Why it cannot be chosen (no right to publish); null when it can',
        }),
      }),
    ),
    warnings: z.array(z.string()).openapi({
      description: 'Sentences to show above the list, such as permissions declined at sign-in',
    }),
  })
  .openapi('OAuthPending')

export const CompletePendingBody = z
  .strictObject({
    page_ids: z
      .array(z.string().min(1).max(128))
      .min(1, 'Choose at least one')
      .max(100)
      .openapi({ description: 'Ids of the Pages (accounts) to connect, from the pending sign-in' }),
  })
  .openapi('CompleteOAuthPending', { example: { page_ids: ['104857600000001'] } })

export const CapabilitiesSchema = z
  .object({
    channel_id: z.string(),
    network: z.enum(NETWORK_IDS),
    name: z.string().openapi({ example: 'Mastodon' }),
    text: z.object({
      max_length: z.number().int().openapi({ example: 500 }),
      counted_as: z.string().openapi({ example: 'graphemes' }),
    }),
    media: z.object({
      max_count: z.number().int(),
      max_bytes: z.number().int(),
      mime_types: z.array(z.string()),
      required: z.boolean(),
    }),
    alt_text: z.object({ max_length: z.number().int(), required: z.boolean() }).nullable(),
    threads: z.object({ max_parts: z.number().int() }).nullable(),
    first_comment: z.boolean(),
    replies: z.boolean(),
    delete: z.boolean(),
    metrics: z.array(z.string()),
  })
  .openapi('ChannelCapabilities')
