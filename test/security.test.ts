import { randomBytes } from 'node:crypto'
import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { loadMasterKey } from '../src/security/master-key.js'
import { createSecretBox } from '../src/security/secret-box.js'

describe('secret box', () => {
  test('seals and opens any text, and every sealing differs', () => {
    const box = createSecretBox(randomBytes(32))
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const sealed = box.seal(text)
        expect(sealed).not.toContain(text.length > 3 ? text : '\u0000')
        expect(box.open(sealed)).toBe(text)
        expect(box.seal(text)).not.toBe(sealed)
      }),
    )
  })

  test('tampering is detected', () => {
    const box = createSecretBox(randomBytes(32))
    const sealed = box.seal('refresh-token')
    const parts = sealed.split('.')
    const ciphertext = Buffer.from(parts[4] ?? '', 'base64url')
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1
    parts[4] = ciphertext.toString('base64url')
    expect(() => box.open(parts.join('.'))).toThrow()
  })

  test('after rotation the previous key still opens old secrets', () => {
    const oldKey = randomBytes(32)
    const sealed = createSecretBox(oldKey).seal('token')
    expect(createSecretBox(randomBytes(32), [oldKey]).open(sealed)).toBe('token')
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow(/unknown key/)
  })

  test('a generated master key is kept with mode 0600 and reused', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'murmur-key-'))
    const first = loadMasterKey({ dataDir })
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600)
    expect(loadMasterKey({ dataDir }).equals(first)).toBe(true)
  })
})
