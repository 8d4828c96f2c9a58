import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { ApiClient } from '../support/api.js'
import { testDialects } from '../support/databases.js'
import { BUSINESS, createInboxWorld, type InboxWorld } from './world.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: inbox API`, () => {
    let w: InboxWorld
    beforeEach(async () => {
      w = await createInboxWorld(dialect)
    })
    afterEach(() => w.cleanup())

    const say = (
      from: string,
      text: string,
      extra: { replyTo?: string; displayName?: string } = {},
    ) => {
      w.clock.advance(1000)
      return w.fake.receive({ to: BUSINESS, from, text, at: w.clock.now, ...extra })
    }
    const syncNow = async () => {
      const response = await w.owner.post(`${w.base}/inbox/sync`, {})
      expect(response.status).toBe(200)
      return response.body.channels as Array<{ status: string; received: number }>
    }
    const viewer = async (): Promise<ApiClient> => {
      const key = await w.owner.post(`${w.base}/api-keys`, { name: 'viewer', role: 'viewer' })
      const client = w.api.client()
      client.bearer = key.body.key
      return client
    }

    test('sync now, then the inbox: filters, priority order and keyset pages', async () => {
      const { remoteId } = await w.publish('Sourdough is back this weekend')
      for (let i = 0; i < 12; i++)
        say(`fan${i}.bsky.social`, `Lovely bread, thanks! #${i}`, { replyTo: remoteId })
      for (let i = 0; i < 9; i++)
        say(`asker${i}.bsky.social`, `@${BUSINESS} how much is the sourdough? #${i}`)
      for (let i = 0; i < 4; i++)
        say(`angry${i}.bsky.social`, `@${BUSINESS} my order never arrived, terrible #${i}`)
      const [result] = await syncNow()
      expect(result).toMatchObject({ status: 'synced', received: 25 })
      const metrics = await (await w.api.app.request('/metrics')).text()
      expect(metrics).toContain('murmur_inbox_syncs_total{network="bluesky",status="synced"} 1')
      expect(metrics).toContain('murmur_inbox_messages_received_total{network="bluesky"} 25')

      const all = await w.owner.get(`${w.base}/conversations?limit=50`)
      expect(all.status).toBe(200)
      // 1 conversation under the post, 13 threads started by mentions.
      expect(all.body.data).toHaveLength(14)
      const post = all.body.data.find((c: { kind: string }) => c.kind === 'post')
      expect(post).toMatchObject({ message_count: 12, sentiment: 'positive', intent: 'praise' })

      const purchase = await w.owner.get(`${w.base}/conversations?intent=purchase&limit=50`)
      expect(purchase.body.data).toHaveLength(9)
      const leads = await w.owner.get(`${w.base}/conversations?stage=lead&limit=50`)
      expect(leads.body.data).toHaveLength(9)
      const negative = await w.owner.get(`${w.base}/conversations?sentiment=negative`)
      expect(negative.body.data).toHaveLength(4)
      expect(negative.body.data[0].last_message.labels).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'intent', value: 'complaint', matched: 'never arrived' }),
        ]),
      )

      const urgent = await w.owner.get(`${w.base}/conversations?sort=priority&limit=5`)
      expect(urgent.body.data.slice(0, 4).map((c: { intent: string }) => c.intent)).toEqual([
        'complaint',
        'complaint',
        'complaint',
        'complaint',
      ])
      expect(urgent.body.data[4].intent).toBe('purchase')

      // Pages: no overlap, no gap, newest first, in both orders.
      for (const sort of ['recent', 'priority']) {
        const seen: string[] = []
        let cursor: string | null = null
        do {
          const page: { body: { data: Array<{ id: string }>; next_cursor: string | null } } =
            await w.owner.get(
              `${w.base}/conversations?sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
            )
          seen.push(...page.body.data.map((c) => c.id))
          cursor = page.body.next_cursor
        } while (cursor)
        expect(seen).toHaveLength(14)
        expect(new Set(seen).size).toBe(14)
      }
      const bad = await w.owner.get(`${w.base}/conversations?cursor=nonsense`)
      expect(bad.status).toBe(400)

      const counts = await w.owner.get(`${w.base}/conversations/counts`)
      expect(counts.body).toMatchObject({
        open: 14,
        unassigned: 14,
        by_intent: { complaint: 4, purchase: 9, praise: 1 },
      })
    })

    test('reply with a saved reply threads on the network; done, reopen, assign, notes', async () => {
      const { remoteId } = await w.publish('Croissants until noon 🥐')
      const question = say('anna.bsky.social', 'Do you still have some?', {
        replyTo: remoteId,
        displayName: 'Anna Schmidt',
      })
      await syncNow()
      const list = await w.owner.get(`${w.base}/conversations`)
      const conversation = list.body.data[0]
      expect(conversation).toMatchObject({
        unread: true,
        contact: { display_name: 'Anna Schmidt' },
      })

      const saved = await w.owner.post(`${w.base}/saved-replies`, {
        name: 'Yes',
        body: 'Hi {first_name}, yes! Come by before noon.',
      })
      expect(saved.status).toBe(201)
      const typo = await w.owner.post(`${w.base}/saved-replies`, {
        name: 'x',
        body: 'Hi {frist_name}',
      })
      expect(typo.status).toBe(400)
      expect(typo.body.error.message).toMatch(/Unknown placeholder \{frist_name\}/)

      const reply = await w.owner.post(`${w.base}/conversations/${conversation.id}/reply`, {
        saved_reply_id: saved.body.id,
        mark_done: true,
      })
      expect(reply.status).toBe(201)
      expect(reply.body).toMatchObject({
        direction: 'out',
        kind: 'sent',
        text: 'Hi Anna, yes! Come by before noon.',
        in_reply_to: question.id,
      })
      // On the network: a real reply, threaded under Anna's message in the post's thread.
      const published = w.fake.posts.get(reply.body.remote_id)!
      expect(published).toMatchObject({ replyParentId: question.id, replyRootId: remoteId })
      expect(w.fake.publishCalls.at(-1)?.replyTo).toEqual({ id: question.id })

      const detail = await w.owner.get(`${w.base}/conversations/${conversation.id}`)
      expect(detail.body).toMatchObject({
        status: 'done',
        unread: false,
        root_text: 'Croissants until noon 🥐',
        message_count: 2,
      })
      expect(detail.body.messages.map((m: { direction: string }) => m.direction)).toEqual([
        'in',
        'out',
      ])

      // Anna answers the reply: the conversation opens again.
      say('anna.bsky.social', 'Great, on my way!', { replyTo: reply.body.remote_id })
      await syncNow()
      const reopened = await w.owner.get(`${w.base}/conversations/${conversation.id}`)
      expect(reopened.body).toMatchObject({ status: 'open', message_count: 3, unread: true })
      expect((await w.owner.get(`${w.base}/conversations?status=all`)).body.data).toHaveLength(1)

      const assigned = await w.owner.patch(`${w.base}/conversations/${conversation.id}`, {
        assignee_id: w.userId,
      })
      expect(assigned.body.assignee_id).toBe(w.userId)
      const mine = await w.owner.get(`${w.base}/conversations?assignee_id=me`)
      expect(mine.body.data).toHaveLength(1)
      const unassigned = await w.owner.get(`${w.base}/conversations?assignee_id=none`)
      expect(unassigned.body.data).toHaveLength(0)
      const stranger = await w.owner.patch(`${w.base}/conversations/${conversation.id}`, {
        assignee_id: 'usr_nobody',
      })
      expect(stranger.status).toBe(400)

      const note = await w.owner.post(`${w.base}/conversations/${conversation.id}/notes`, {
        body: 'Keep two for her',
      })
      expect(note.status).toBe(201)
      const withNote = await w.owner.get(`${w.base}/conversations/${conversation.id}`)
      expect(withNote.body.notes.map((n: { body: string }) => n.body)).toEqual(['Keep two for her'])
      const removed = await w.owner.delete(
        `${w.base}/conversations/${conversation.id}/notes/${note.body.id}`,
      )
      expect(removed.status).toBe(204)

      const read = await w.owner.post(`${w.base}/conversations/${conversation.id}/read`)
      expect(read.status).toBe(204)
    })

    test('a refused reply stores nothing and says why; viewers read but do not write', async () => {
      const { remoteId } = await w.publish('New menu today')
      say('ben.bsky.social', 'What is on it?', { replyTo: remoteId })
      await syncNow()
      const conversation = (await w.owner.get(`${w.base}/conversations`)).body.data[0]
      const tooLong = await w.owner.post(`${w.base}/conversations/${conversation.id}/reply`, {
        text: 'x'.repeat(400),
      })
      expect(tooLong.status).toBe(400)
      expect(tooLong.body.error.message).toMatch(/Not sent/)
      w.fake.failNext({ kind: 'retryable', status: 503 })
      const down = await w.owner.post(`${w.base}/conversations/${conversation.id}/reply`, {
        text: 'Soup and bread',
      })
      expect(down.status).toBe(503)
      const detail = await w.owner.get(`${w.base}/conversations/${conversation.id}`)
      expect(detail.body.message_count).toBe(1)

      const reader = await viewer()
      expect((await reader.get(`${w.base}/conversations`)).status).toBe(200)
      expect((await reader.get(`${w.base}/conversations/${conversation.id}`)).status).toBe(200)
      const refused = await reader.post(`${w.base}/conversations/${conversation.id}/reply`, {
        text: 'Hi',
      })
      expect(refused.status).toBe(403)
      expect((await reader.post(`${w.base}/inbox/sync`, {})).status).toBe(403)
      expect(
        (await reader.patch(`${w.base}/conversations/${conversation.id}`, { status: 'done' }))
          .status,
      ).toBe(403)
    })

    test('intent rules: defaults with reasons, edited per workspace, tried before saving', async () => {
      const rules = await w.owner.get(`${w.base}/intent-rules`)
      expect(rules.body.data.map((r: { name: string }) => r.name)).toContain('Price')
      const tried = await w.owner.post(`${w.base}/intent-rules/try`, {
        text: 'HOW MUCH for the wedding cake?',
      })
      expect(tried.body).toMatchObject({ intent: 'purchase', priority: 3 })
      expect(tried.body.labels).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ value: 'purchase', rule_name: 'Price', matched: 'how much' }),
          expect.objectContaining({ value: 'question', matched: '?' }),
        ]),
      )
      const added = await w.owner.post(`${w.base}/intent-rules`, {
        intent: 'complaint',
        name: 'Allergy',
        phrases: ['allergic', '/nuts?\\b.*(hidden|undeclared)/'],
      })
      expect(added.status).toBe(201)
      const broken = await w.owner.post(`${w.base}/intent-rules`, {
        intent: 'complaint',
        name: 'Bad',
        phrases: ['/(unclosed/'],
      })
      expect(broken.status).toBe(400)
      expect(broken.body.error.message).toMatch(/not a valid regular expression/)

      say('carl.bsky.social', `@${BUSINESS} there were nuts hidden in the muffin`)
      await syncNow()
      const complaint = await w.owner.get(`${w.base}/conversations?intent=complaint`)
      expect(complaint.body.data).toHaveLength(1)
      expect(complaint.body.data[0].last_message.labels).toEqual(
        expect.arrayContaining([expect.objectContaining({ rule_name: 'Allergy' })]),
      )

      const price = rules.body.data.find((r: { name: string }) => r.name === 'Price')
      await w.owner.patch(`${w.base}/intent-rules/${price.id}`, { enabled: false })
      const without = await w.owner.post(`${w.base}/intent-rules/try`, { text: 'How much is it?' })
      expect(without.body.intent).toBe('question')
      const reset = await w.owner.post(`${w.base}/intent-rules/reset`)
      expect(reset.body.data.every((r: { enabled: boolean }) => r.enabled)).toBe(true)
      expect(reset.body.data.some((r: { name: string }) => r.name === 'Allergy')).toBe(false)
    })

    test('server-sent events announce new messages as they arrive', async () => {
      const response = await w.api.app.request(`${w.base}/inbox/events`, {
        headers: { cookie: w.owner.cookie ?? '' },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/)
      const reader = response.body!.getReader()
      const decoder = new TextDecoder()
      let received = ''
      const until = async (pattern: RegExp) => {
        while (!pattern.test(received)) {
          const chunk = await reader.read()
          if (chunk.done) break
          received += decoder.decode(chunk.value)
        }
        return received
      }
      expect(await until(/event: ready/)).toMatch(/event: ready/)
      say('dora.bsky.social', `@${BUSINESS} hello!`)
      await syncNow()
      const text = await until(/event: sync\.finished/)
      expect(text).toMatch(/event: message\.created\ndata: \{"type":"message.created"/)
      await reader.cancel()

      const other = await w.api.app.request('/api/v1/workspaces/ws_other/inbox/events', {
        headers: { cookie: w.owner.cookie ?? '' },
      })
      expect(other.status).toBe(404)
    })
  })
}
