export {
  THREADS_CAPABILITIES,
  THREADS_MAX_IMAGES,
  validateThreadsDraft,
} from './threads-capabilities.js'
export {
  THREADS_SCOPES,
  type ThreadsAppCredentials,
  type ThreadsConnectFinish,
  type ThreadsConnectStart,
} from './threads-connect.js'
export { readThreadsCredentials, type ThreadsCredentials } from './threads-credentials.js'
export { createThreads, type ThreadsNetwork, type ThreadsSettings } from './threads-network.js'
export {
  countThreadsText,
  findThreadsLinks,
  THREADS_MAX_LINKS,
  THREADS_MAX_TEXT_LENGTH,
} from './threads-text.js'
