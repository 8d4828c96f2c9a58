import { isMetaMissingObject } from '../meta/meta-graph-error.js'
import { NetworkError } from '../spec/network-error.js'
import type { InstagramCall } from './instagram-context.js'

export type InstagramObject =
  | { kind: 'media'; id: string; caption?: string; timestamp?: string; permalink?: string }
  | { kind: 'comment'; id: string; text?: string; timestamp?: string }
  | { kind: 'missing' }

/**
 * Media and comment ids look alike. Reading media fields tells them apart: a comment has no
 * `media_type`, and the Graph API answers code 100 ("nonexisting field") for it.
 */
export async function readInstagramObject(
  call: InstagramCall,
  id: string,
): Promise<InstagramObject> {
  assertInstagramId(id)
  try {
    const { body } = await call.client.request<{
      id: string
      media_type?: string
      caption?: string
      timestamp?: string
      permalink?: string
    }>({
      method: 'GET',
      path: `/${id}`,
      query: { fields: 'id,media_type,caption,timestamp,permalink' },
      action: 'request',
      idempotent: true,
    })
    return {
      kind: 'media',
      id: body.id,
      ...(body.caption !== undefined && { caption: body.caption }),
      ...(body.timestamp && { timestamp: body.timestamp }),
      ...(body.permalink && { permalink: body.permalink }),
    }
  } catch (error) {
    if (isMetaMissingObject(error)) return { kind: 'missing' }
    if (!(NetworkError.isInstance(error) && error.code === '100')) throw error
  }
  try {
    const { body } = await call.client.request<{ id: string; text?: string; timestamp?: string }>({
      method: 'GET',
      path: `/${id}`,
      query: { fields: 'id,text,timestamp' },
      action: 'request',
      idempotent: true,
    })
    return {
      kind: 'comment',
      id: body.id,
      ...(body.text !== undefined && { text: body.text }),
      ...(body.timestamp && { timestamp: body.timestamp }),
    }
  } catch (error) {
    if (isMetaMissingObject(error)) return { kind: 'missing' }
    throw error
  }
}

export function assertInstagramId(id: string): void {
  if (!/^\d{1,25}$/.test(id)) {
    throw new NetworkError({
      network: 'instagram',
      kind: 'content_rejected',
      message: `Instagram: "${id}" is not an Instagram post or comment id`,
    })
  }
}
