/** Client-side checks that match the server's, so most mistakes are caught before sending. */
export const MIN_PASSWORD_LENGTH = 10

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function emailProblem(value: string): string | undefined {
  if (!value.trim()) return 'Enter your email address'
  if (!EMAIL.test(value.trim())) return 'Enter a valid email address, like name@example.com'
  return undefined
}

export function newPasswordProblem(value: string): string | undefined {
  if (value.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters`
  }
  return undefined
}

export function requiredProblem(value: string, message: string): string | undefined {
  return value.trim() ? undefined : message
}

/** Drops the fields that passed, so `Object.keys(problems).length` says whether to submit. */
export function problems<K extends string>(
  checks: Record<K, string | undefined>,
): Partial<Record<K, string>> {
  const found: Partial<Record<K, string>> = {}
  for (const key of Object.keys(checks) as K[]) {
    if (checks[key]) found[key] = checks[key]
  }
  return found
}
