import { buildWebAppIfStale } from './e2e/support/web-e2e.js'

/**
 * Runs once before any test file: browser tests drive the built web app, and
 * building it here (only when stale) keeps parallel test files from rebuilding
 * dist/web under each other.
 */
export default function setup(): void {
  buildWebAppIfStale()
}
