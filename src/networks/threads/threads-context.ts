import type { ContainerPolling } from '../meta/meta-container.js'
import type { MetaGraphClient } from '../meta/meta-graph-client.js'
import type { PublicMediaSettings } from '../meta/meta-public-media.js'
import type { ThreadsCredentials } from './threads-credentials.js'

/** What one method call works with. */
export interface ThreadsCall {
  client: MetaGraphClient
  credentials: ThreadsCredentials
  webUrl: string
  media: PublicMediaSettings
  polling: ContainerPolling
}
