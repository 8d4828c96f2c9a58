import type { ContainerPolling } from '../meta/meta-container.js'
import type { MetaGraphClient } from '../meta/meta-graph-client.js'
import type { PublicMediaSettings } from '../meta/meta-public-media.js'
import type { InstagramCredentials } from './instagram-credentials.js'

/** What one method call works with. */
export interface InstagramCall {
  client: MetaGraphClient
  credentials: InstagramCredentials
  webUrl: string
  media: PublicMediaSettings
  polling: ContainerPolling
}
