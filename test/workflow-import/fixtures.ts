import type { ApiClient } from '../support/api.js'

/**
 * One post import (previewed) and one feed in a workspace, made through the API as a person
 * would, for the route-walking tests (tenant isolation, fuzzing). Needs a channel already there.
 */
export async function createImportFeedFixtures(
  client: ApiClient,
  workspaceId: string,
): Promise<Record<'import_id' | 'feed_id', string>> {
  const base = `/api/v1/workspaces/${workspaceId}`
  const ok = async (
    response: Promise<{ status: number; body: Record<string, unknown>; text: string }>,
  ) => {
    const r = await response
    if (r.status >= 300) throw new Error(`import/feed fixture failed: ${r.status} ${r.text}`)
    return r.body
  }
  const channels = (await ok(client.get(`${base}/channels`))) as { data: Array<{ id: string }> }
  const channelId = channels.data[0]?.id
  if (!channelId) throw new Error('import/feed fixture needs a channel first')
  const preview = await ok(
    client.post(`${base}/post-imports`, {
      file_name: 'fixture.csv',
      content: `text,channels\r\nFixture import,${channelId}\r\n`,
    }),
  )
  const feed = await ok(
    client.post(`${base}/feeds`, {
      url: `https://fixture-${workspaceId.slice(-8)}.example/feed.xml`,
      channel_ids: [channelId],
    }),
  )
  return { import_id: String(preview.id), feed_id: String(feed.id) }
}
