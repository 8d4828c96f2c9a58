import type { MetaGraphClient } from '../meta/meta-graph-client.js'
import type { FacebookCredentials } from './facebook-credentials.js'

/** What one method call works with: the Page's Graph client and where post links point. */
export interface FacebookCall {
  client: MetaGraphClient
  credentials: FacebookCredentials
  webUrl: string
}
