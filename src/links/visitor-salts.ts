import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { DAY_MS } from '../core/links/visitor.js'
import type { Schema } from '../storage/schema.js'

/**
 * The random salt of each UTC day, shared by every process through the
 * database. When a day's salt is made, salts older than yesterday are deleted:
 * after that, nobody (not even the operator) can recompute a visitor id.
 */
export class VisitorSalts {
  readonly #byDay = new Map<number, Promise<string>>()

  constructor(private readonly db: Kysely<Schema>) {}

  saltFor(day: number): Promise<string> {
    let salt = this.#byDay.get(day)
    if (!salt) {
      salt = this.#load(day)
      salt.catch(() => this.#byDay.delete(day))
      this.#byDay.set(day, salt)
      for (const known of this.#byDay.keys()) if (known < day - DAY_MS) this.#byDay.delete(known)
    }
    return salt
  }

  async #load(day: number): Promise<string> {
    const existing = await this.#select(day)
    if (existing) return existing
    await this.db
      .insertInto('visitor_salts')
      .values({ day, salt: randomBytes(32).toString('base64url'), created_at: Date.now() })
      .onConflict((oc) => oc.column('day').doNothing())
      .execute()
    await this.db
      .deleteFrom('visitor_salts')
      .where('day', '<', day - DAY_MS)
      .execute()
    const salt = await this.#select(day)
    if (!salt) throw new Error('visitor salt vanished')
    return salt
  }

  async #select(day: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('visitor_salts')
      .select('salt')
      .where('day', '=', day)
      .executeTakeFirst()
    return row?.salt
  }
}
