import { createBluesky } from '../../src/networks/index.js'
import {
  type Draft,
  NetworkError,
  type PublishResult,
  type SocialNetworkV1,
} from '../../src/networks/spec/index.js'
import type { PublishingNetworks } from '../../src/services/publishing-networks.js'

/** Bluesky's own rules, so posts are checked as they would be for real. */
const bluesky = createBluesky()

/**
 * Bluesky as seen by a worker process, with the network replaced by the fake network server:
 * one HTTP call per publish. A call whose answer is lost is `outcome_unknown`, as on Bluesky.
 */
export function remoteNetworks(serverUrl: string, worker: string): PublishingNetworks {
  const network: SocialNetworkV1 = {
    specificationVersion: 'v1',
    id: 'bluesky',
    name: 'Bluesky',
    capabilities: bluesky.capabilities,
    validate: (draft: Draft) => bluesky.validate(draft),
    async publish(_credentials, draft, options = {}): Promise<PublishResult> {
      const text = draft.parts.map((part) => part.text).join('\n---\n')
      let response: Response
      try {
        response = await fetch(`${serverUrl}/publish`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text, worker }),
          ...(options.signal && { signal: options.signal }),
        })
      } catch (error) {
        throw new NetworkError({
          network: 'bluesky',
          kind: 'outcome_unknown',
          message: `Fake network: the answer was lost (${(error as Error).message})`,
        })
      }
      const post = (await response.json()) as { id: string; url: string }
      return { parts: [post], warnings: [] }
    },
    async fetchPost(_credentials, id) {
      const response = await fetch(`${serverUrl}/posts/${encodeURIComponent(id)}`)
      if (response.status === 404) return null
      const post = (await response.json()) as { id: string; text: string; receivedAt: number }
      return {
        id: post.id,
        url: `https://fake.example/${post.id}`,
        text: post.text,
        createdAt: new Date(post.receivedAt).toISOString(),
      }
    },
    async delete() {},
    async fetchMetrics() {
      return {}
    },
    async fetchMentions() {
      return { items: [] }
    },
  }
  return {
    get: (id) => (id === 'bluesky' ? network : undefined),
    async signInWithAppPassword(_id, request) {
      return {
        credentials: { token: 'fake' },
        accountId: `did:plc:${request.identifier.replace(/\W/g, '')}`,
        handle: request.identifier,
      }
    },
  }
}
