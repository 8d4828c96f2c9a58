import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

/**
 * Encrypts stored credentials (channel tokens, app secrets) with AES-256-GCM.
 * The sealed form is `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url), so a
 * rotated master key can still open what the previous key sealed.
 */
export interface SecretBox {
  seal(plaintext: string): string
  open(sealed: string): string
  /** Short, non-secret fingerprint of the current key. */
  readonly keyId: string
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8)
}

export function createSecretBox(currentKey: Buffer, previousKeys: Buffer[] = []): SecretBox {
  if (currentKey.length !== 32) throw new Error('master key must be 32 bytes')
  const keys = new Map<string, Buffer>()
  for (const key of [currentKey, ...previousKeys]) keys.set(keyIdOf(key), key)
  const keyId = keyIdOf(currentKey)

  return {
    keyId,
    seal(plaintext) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv)
      cipher.setAAD(Buffer.from(keyId))
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      const tag = cipher.getAuthTag()
      return [
        'v1',
        keyId,
        iv.toString('base64url'),
        tag.toString('base64url'),
        ciphertext.toString('base64url'),
      ].join('.')
    },
    open(sealed) {
      const [version, id, iv, tag, ciphertext] = sealed.split('.')
      if (version !== 'v1' || !id || !iv || !tag || ciphertext === undefined) {
        throw new Error('not a sealed secret')
      }
      const key = keys.get(id)
      if (!key)
        throw new Error(
          `secret was sealed with an unknown key (${id}); set MURMUR_PREVIOUS_SECRETS`,
        )
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      decipher.setAAD(Buffer.from(id))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8')
    },
  }
}

/** Turns MURMUR_SECRET (any string of 32+ characters, or 64 hex digits) into a 32-byte key. */
export function keyFromSecret(secret: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(secret)) return Buffer.from(secret, 'hex')
  if (secret.length < 32) throw new Error('MURMUR_SECRET must be at least 32 characters')
  return createHash('sha256').update(secret).digest()
}
