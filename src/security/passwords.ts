import argon2 from 'argon2'
import { invalid } from '../core/errors.js'

export const MIN_PASSWORD_LENGTH = 10

export function assertPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`, [
      { path: 'password', message: `At least ${MIN_PASSWORD_LENGTH} characters` },
    ])
  }
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id })
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-0000')
  return dummyHash
}
