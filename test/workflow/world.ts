import type { FakeNetwork } from '../publishing/fake-network.js'
import { fakeNetworkOf } from '../publishing/fixtures.js'
import { Clock } from '../publishing/world.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type Dialect, type TestMurmur } from '../support/databases.js'

/** Tuesday 1 December 2026, 09:00 UTC. */
export const TUESDAY = Date.UTC(2026, 11, 1, 9, 0)

export interface TeamWorld {
  t: TestMurmur
  clock: Clock
  api: ReturnType<typeof apiFor>
  fake: FakeNetwork
  owner: ApiClient
  editor: ApiClient
  editorId: string
  ownerId: string
  base: string
  workspaceId: string
  channelId: string
}

export const content = (text: string) => ({ parts: [{ text, media: [] }] })

/**
 * A workspace with its owner and an editor (both signed in, as people), and one Bluesky channel
 * on the fake network; the clock is settable.
 */
export async function createTeamWorld(dialect: Dialect): Promise<TeamWorld> {
  const clock = new Clock(TUESDAY)
  const t = await createTestMurmur(dialect, {}, { now: () => clock.now })
  const api = apiFor(t.murmur)
  const fake = fakeNetworkOf(t.murmur)
  const handle = 'cornerbakery.bsky.social'
  fake.addAccount(handle, 'abcd-efgh-ijkl-mnop')
  const setUp = await setUpOwner(api)
  const owner = setUp.owner
  const base = `/api/v1/workspaces/${setUp.workspace.id}`
  const invite = await owner.post(`${base}/invitations`, { role: 'editor' })
  const editor = api.client()
  const joined = await editor.post(`/api/v1/invitations/${invite.body.token}/accept`, {
    email: 'sam@cornerbakery.example',
    password: 'correct horse battery',
    name: 'Sam',
  })
  if (joined.status >= 300) throw new Error(`joining failed: ${joined.text}`)
  const channel = await owner.post(`${base}/channels/bluesky`, {
    handle,
    app_password: 'abcd-efgh-ijkl-mnop',
  })
  if (channel.status >= 300) throw new Error(`channel failed: ${channel.text}`)
  const me = await editor.get('/api/v1/session')
  return {
    t,
    clock,
    api,
    fake,
    owner,
    editor,
    editorId: me.body.user.id,
    ownerId: setUp.user.id,
    base,
    workspaceId: setUp.workspace.id,
    channelId: channel.body.id,
  }
}
