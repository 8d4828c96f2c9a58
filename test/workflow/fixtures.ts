import type { ApiClient } from '../support/api.js'

/**
 * Team workflow resources of one workspace, made through the API, for the route-walking tests
 * (tenant isolation, fuzzing): a review link on a draft post, a webhook endpoint and one of its
 * deliveries (a queued test event).
 */
export async function createWorkflowFixtures(
  client: ApiClient,
  workspaceId: string,
): Promise<Record<'review_link_id' | 'webhook_endpoint_id' | 'webhook_delivery_id', string>> {
  const base = `/api/v1/workspaces/${workspaceId}`
  const ok = async (response: Promise<{ status: number; body: { id?: string }; text: string }>) => {
    const r = await response
    if (r.status >= 300) throw new Error(`workflow fixture failed: ${r.status} ${r.text}`)
    return r.body
  }
  const post = await ok(
    client.post(`${base}/posts`, {
      content: { parts: [{ text: 'Review fixture', media: [] }] },
      channels: [],
    }),
  )
  const link = await ok(client.post(`${base}/posts/${post.id}/review-links`, { days: 3 }))
  const endpoint = await ok(
    client.post(`${base}/webhooks`, {
      url: 'https://hooks.example.com/fixture',
      events: ['post.published'],
    }),
  )
  const test = (await ok(client.post(`${base}/webhooks/${endpoint.id}/test`))) as {
    delivery_id?: string
  }
  return {
    review_link_id: link.id ?? '',
    webhook_endpoint_id: endpoint.id ?? '',
    webhook_delivery_id: test.delivery_id ?? '',
  }
}
