export {
  BLUESKY_CAPABILITIES,
  BLUESKY_LEXICON_IMAGE_BYTES,
  BLUESKY_MAX_GRAPHEMES,
  BLUESKY_MAX_IMAGES,
  BLUESKY_MAX_TEXT_BYTES,
} from './bluesky-capabilities.js'
export { type BlueskyCredentials, readBlueskyCredentials } from './bluesky-credentials.js'
export { type BlueskyNetwork, type BlueskySettings, createBluesky } from './bluesky-network.js'
export type { BlueskySignIn } from './bluesky-sign-in.js'
