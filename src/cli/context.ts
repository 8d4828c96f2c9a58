import { loadConfig } from '../config.js'
import { createLogger } from '../logger.js'
import { createMurmur, type Murmur } from '../murmur.js'

/** Opens Murmur's database for one CLI command (migrating it first) and closes it after. */
export async function withMurmur<T>(work: (murmur: Murmur) => Promise<T>): Promise<T> {
  const config = loadConfig()
  const murmur = await createMurmur(config, createLogger(process.env.LOG_LEVEL ?? 'warn', false))
  try {
    return await work(murmur)
  } finally {
    await murmur.storage.close()
  }
}
