/**
 * Instagram and Threads publish in two steps: create a media container (Meta downloads and
 * processes the media), wait until it is FINISHED, then publish it.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { NetworkError } from '../spec/network-error.js'
import type { MetaGraphClient } from './meta-graph-client.js'
import { metaNetworkName } from './meta-network-id.js'

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'ERROR' | 'EXPIRED'

export interface ContainerPolling {
  intervalMs: number
  timeoutMs: number
}

export interface ContainerFields {
  /** Instagram: `status_code` (with details in `status`); Threads: `status` (`error_message`). */
  statusField: string
  detailField: string
}

/** "image 2", "the carousel", "part 3": what the container holds, for messages. */
export type ContainerLabel = string

/**
 * Polls `GET /{container-id}?fields=…` until FINISHED. ERROR means Meta could not use the media
 * (a refusal); EXPIRED (24 hours unpublished) and a wait past `timeoutMs` are worth trying again
 * with a fresh container.
 */
export async function waitForContainer(
  client: MetaGraphClient,
  containerId: string,
  fields: ContainerFields,
  polling: ContainerPolling,
  label: ContainerLabel,
): Promise<void> {
  const name = metaNetworkName(client.network)
  const deadline = client.now() + polling.timeoutMs
  for (;;) {
    const { body } = await client.request<Record<string, unknown>>({
      method: 'GET',
      path: `/${encodeURIComponent(containerId)}`,
      query: { fields: `${fields.statusField},${fields.detailField}` },
      action: 'request',
      idempotent: true,
    })
    const status = body[fields.statusField]
    const detail = typeof body[fields.detailField] === 'string' ? body[fields.detailField] : ''
    if (status === 'FINISHED' || status === 'PUBLISHED') return
    if (status === 'ERROR') {
      throw new NetworkError({
        network: client.network,
        kind: 'content_rejected',
        reason: String(detail || 'ERROR'),
        code: 'container_error',
        message: `${name} could not process ${label}${detail ? ` (${String(detail)})` : ''}`,
      })
    }
    if (status === 'EXPIRED') {
      throw new NetworkError({
        network: client.network,
        kind: 'retryable',
        code: 'container_expired',
        message: `${name}: ${label} expired before it was published; Murmur uploads it again on the next try`,
      })
    }
    if (client.now() + polling.intervalMs > deadline) {
      throw new NetworkError({
        network: client.network,
        kind: 'retryable',
        retryAfterMs: 60_000,
        code: 'container_in_progress',
        message: `${name}: ${label} was still processing after ${Math.round(polling.timeoutMs / 1000)} s; Murmur tries again later`,
      })
    }
    await sleep(polling.intervalMs)
  }
}
