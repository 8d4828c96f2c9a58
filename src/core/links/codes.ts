import { randomInt } from 'node:crypto'
import { invalid } from '../errors.js'

/**
 * Short codes people may type from a poster: lower case, without the look-alike
 * characters 0/o, 1/l/i. Seven of them give 31^7 ≈ 27 billion codes.
 */
export const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
export const GENERATED_CODE_LENGTH = 7
export const MAX_CODE_LENGTH = 50

/** A random code; the caller retries on the rare collision with an existing one. */
export function generateCode(length = GENERATED_CODE_LENGTH): string {
  let code = ''
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return code
}

const BACK_HALF = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/

/** Codes are matched without regard to case, so they are stored and looked up in lower case. */
export function canonicalCode(code: string): string {
  return code.trim().toLowerCase()
}

/** True for anything a link could be stored under (cheap; the redirect checks this before any lookup). */
export function isPlausibleCode(code: string): boolean {
  return code.length > 0 && code.length <= MAX_CODE_LENGTH && BACK_HALF.test(code)
}

/**
 * A custom back-half ("spring-sale"), in canonical form, or a validation error
 * that says exactly what to change.
 */
export function parseBackHalf(input: string): string {
  const code = canonicalCode(input)
  const fail = (message: string) => invalid(message, [{ path: 'code', message }])
  if (code.length === 0) throw fail('The back-half is empty. Leave it out to get a random one.')
  if (code.length > MAX_CODE_LENGTH)
    throw fail(`The back-half is ${code.length} characters long; the limit is ${MAX_CODE_LENGTH}.`)
  const stray = [...code].find((ch) => !/[a-z0-9_-]/.test(ch))
  if (stray !== undefined)
    throw fail(`The back-half may use letters, digits, - and _ only; "${stray}" is not allowed.`)
  if (!BACK_HALF.test(code)) throw fail('The back-half must start and end with a letter or digit.')
  return code
}
