import type { ApiClient } from '../support/api.js'

/**
 * A contact, a logged conversation with a note, a saved reply and an intent rule in a workspace,
 * made through the API, for the route-walking tests (tenant isolation, fuzzing).
 */
export async function createEngagementFixtures(
  client: ApiClient,
  workspaceId: string,
): Promise<
  Record<'contact_id' | 'conversation_id' | 'note_id' | 'saved_reply_id' | 'intent_rule_id', string>
> {
  const base = `/api/v1/workspaces/${workspaceId}`
  const ok = async (response: Promise<{ status: number; body: { id?: string }; text: string }>) => {
    const r = await response
    if (r.status >= 300) throw new Error(`engagement fixture failed: ${r.status} ${r.text}`)
    return r.body.id ?? ''
  }
  const contactId = await ok(
    client.post(`${base}/contacts`, {
      display_name: 'Fixture Person',
      identities: [{ network: 'bluesky', handle: `person-${workspaceId.slice(-8)}.bsky.social` }],
    }),
  )
  const conversationId = await ok(
    client.post(`${base}/conversations`, { contact_id: contactId, text: 'Called about prices' }),
  )
  return {
    contact_id: contactId,
    conversation_id: conversationId,
    note_id: await ok(client.post(`${base}/conversations/${conversationId}/notes`, { body: 'x' })),
    saved_reply_id: await ok(
      client.post(`${base}/saved-replies`, { name: 'Hello', body: 'Hi {first_name}!' }),
    ),
    intent_rule_id: await ok(
      client.post(`${base}/intent-rules`, {
        intent: 'question',
        name: 'Fixture',
        phrases: ['fixture'],
      }),
    ),
  }
}
