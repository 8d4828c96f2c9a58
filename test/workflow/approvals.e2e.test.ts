/**
 * The approval round trip in a real browser: an editor submits a post, the owner asks for changes
 * with a comment on the Approvals page, the editor sees the comment, revises and resubmits, and the
 * owner approves it.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumAvailable, seeText, startWebE2e, type WebE2e } from '../e2e/support/web-e2e.js'

const hasChromium = chromiumAvailable()

describe.runIf(hasChromium)('approvals in the browser', { timeout: 120_000 }, () => {
  let e2e: WebE2e
  let owner: Page
  let editor: Page
  const contexts: BrowserContext[] = []
  let base: string
  let postId: string

  const call = async (
    page: Page,
    method: 'get' | 'post' | 'patch',
    path: string,
    data?: unknown,
  ) => {
    const session = await page.request.get(`${e2e.base}/api/v1/session`)
    const csrf = ((await session.json()) as { csrf_token?: string }).csrf_token ?? ''
    const response = await page.request[method](`${e2e.base}${path}`, {
      headers: { 'x-csrf-token': csrf },
      ...(data === undefined ? {} : { data }),
    })
    expect(response.status(), await response.text()).toBeLessThan(300)
    return (await response.json()) as Record<string, unknown> & { id: string }
  }

  beforeAll(async () => {
    e2e = await startWebE2e()
    let ownerContext: BrowserContext
    ;[ownerContext, owner] = await e2e.newPage({ width: 1280, height: 900 })
    let editorContext: BrowserContext
    ;[editorContext, editor] = await e2e.newPage({ width: 1280, height: 900 })
    contexts.push(ownerContext, editorContext)
    const setUp = await owner.request.post(`${e2e.base}/api/v1/setup`, {
      data: {
        email: 'ada@cornerbakery.example',
        password: 'flour and water 1',
        workspace_name: 'Corner Bakery',
        time_zone: 'Europe/Paris',
      },
    })
    const { workspace, user } = (await setUp.json()) as {
      workspace: { id: string }
      user: { id: string }
    }
    base = `/api/v1/workspaces/${workspace.id}`
    // A channel row as a connection leaves it; its posts are due days later, so nothing is sent.
    const murmur = e2e.server.murmur
    const now = murmur.now()
    await murmur.db
      .insertInto('channels')
      .values({
        workspace_id: workspace.id,
        id: 'ch_e2e_bakery',
        network: 'bluesky',
        account_id: 'did:plc:e2ebakery',
        handle: 'cornerbakery.bsky.social',
        display_name: 'Corner Bakery',
        avatar_url: null,
        service_url: 'https://bsky.social',
        credentials: murmur.secrets.seal(JSON.stringify({ accessJwt: 'x', refreshJwt: 'y' })),
        status: 'active',
        status_reason: null,
        status_changed_at: null,
        created_by: user.id,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const invite = await call(owner, 'post', `${base}/invitations`, { role: 'editor' })
    const joined = await editor.request.post(
      `${e2e.base}/api/v1/invitations/${invite.token}/accept`,
      { data: { email: 'sam@cornerbakery.example', password: 'rye and spelt 22', name: 'Sam' } },
    )
    expect(joined.ok()).toBe(true)
    const created = await call(editor, 'post', `${base}/posts`, {
      content: { parts: [{ text: 'Pumpkin bread is back', media: [] }] },
      channels: [{ channel_id: 'ch_e2e_bakery' }],
      schedule: { type: 'at', at: new Date(now + 3 * 24 * 3_600_000).toISOString() },
    })
    expect(created.state).toBe('needs_approval')
    postId = created.id
  })
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await e2e?.close()
  })

  test('the owner is told and asks for changes with a comment', async () => {
    await owner.goto(`${e2e.base}/w/${base.split('/').at(-1)}/notifications`)
    await seeText(owner, 'Sam asks for approval')
    await owner.getByRole('link', { name: 'Approvals' }).click()
    await seeText(owner, 'Pumpkin bread is back')
    await owner.getByLabel('Comment').fill('Add the price, please.')
    await owner.getByRole('button', { name: 'Ask for changes' }).click()
    await seeText(owner, 'Sent back to its author with your comment.')
    await seeText(owner, 'Nothing waits for approval')
  })

  test('the editor sees the comment on the post, revises and resubmits', async () => {
    await editor.goto(`${e2e.base}/w/${base.split('/').at(-1)}/compose?post=${postId}`)
    await seeText(editor, 'ada asks for changes')
    await seeText(editor, 'Add the price, please.')
    await call(editor, 'patch', `${base}/posts/${postId}`, {
      content: { parts: [{ text: 'Pumpkin bread is back, €6 a loaf', media: [] }] },
    })
    const again = await call(editor, 'post', `${base}/posts/${postId}/schedule`, {
      when: {
        type: 'at',
        at: new Date(e2e.server.murmur.now() + 3 * 24 * 3_600_000).toISOString(),
      },
    })
    expect(again.state).toBe('needs_approval')
  })

  test('the owner approves the revised post', async () => {
    await owner.reload()
    await seeText(owner, 'Pumpkin bread is back, €6 a loaf')
    await owner.getByRole('button', { name: 'Approve' }).click()
    await seeText(owner, 'Approved: it goes out at its time.')
    const post = await call(owner, 'get', `${base}/posts/${postId}`)
    expect(post.state).toBe('scheduled')
    const history = await call(owner, 'get', `${base}/posts/${postId}/approvals`)
    expect((history.data as Array<{ status: string }>).map((r) => r.status)).toEqual([
      'rejected',
      'approved',
    ])
    expect(e2e.pageErrors).toEqual([])
  })
})
