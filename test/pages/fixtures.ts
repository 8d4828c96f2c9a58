import type { Murmur } from '../../src/murmur.js'
import { joinEvent } from '../../src/services/attendees.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import type { ApiClient } from '../support/api.js'

/**
 * A published home page, one published event and one attendee in a workspace, made through the
 * API (and the join service, as the public form would), for the route-walking tests.
 */
export async function createPagesFixtures(
  client: ApiClient,
  workspaceId: string,
  murmur: Murmur,
): Promise<Record<'event_id' | 'attendee_id', string>> {
  const base = `/api/v1/workspaces/${workspaceId}`
  const ok = async (
    response: Promise<{ status: number; body: Record<string, unknown>; text: string }>,
  ) => {
    const r = await response
    if (r.status >= 300) throw new Error(`pages fixture failed: ${r.status} ${r.text}`)
    return r.body
  }
  await ok(
    client.request('PUT', `${base}/page`, {
      published: true,
      links: [{ label: 'Our menu', url: 'https://example.com/menu' }],
    }),
  )
  const event = await ok(
    client.post(`${base}/events`, {
      title: 'Fixture event',
      starts_at: new Date(murmur.now() + 30 * 86_400_000).toISOString(),
      online_url: 'https://meet.example/fixture',
      status: 'published',
    }),
  )
  const joined = await joinEvent(
    murmur,
    new WorkspaceScope(murmur.db, workspaceId),
    String(event.id),
    {
      name: 'Fixture Attendee',
      email: `attendee-${workspaceId.slice(-6)}@example.com`,
      consentText: 'I agree.',
    },
  )
  if (joined.result !== 'joined' || !joined.attendee) throw new Error('pages fixture: join failed')
  return { event_id: String(event.id), attendee_id: joined.attendee.id }
}
