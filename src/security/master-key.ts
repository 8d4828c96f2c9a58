import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { keyFromSecret } from './secret-box.js'

export const MASTER_KEY_FILE = 'master.key'

/**
 * The master key: MURMUR_SECRET when set, else a key generated on first run and
 * kept in the data folder with mode 0600.
 */
export function loadMasterKey(options: { secret?: string | undefined; dataDir: string }): Buffer {
  if (options.secret) return keyFromSecret(options.secret)
  const path = join(options.dataDir, MASTER_KEY_FILE)
  if (existsSync(path)) return keyFromSecret(readFileSync(path, 'utf8').trim())
  mkdirSync(options.dataDir, { recursive: true })
  const hex = randomBytes(32).toString('hex')
  writeFileSync(path, `${hex}\n`, { mode: 0o600, flag: 'wx' })
  chmodSync(path, 0o600)
  return Buffer.from(hex, 'hex')
}
