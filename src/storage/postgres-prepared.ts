import type pg from 'pg'

/**
 * Named prepared statements for the statements a process sends again and again (the scheduler
 * sends the same few thousands of times): PostgreSQL parses and plans each once per connection
 * instead of on every call. Kysely sends SQL text with parameters; this names a text on its
 * second use, so one-off texts (an `in (…)` list of an unusual length) never take a slot.
 */
const MAX_NAMED = 256
const MAX_SEEN = 4096
const names = new Map<string, string>()
const seenOnce = new Set<string>()

function nameFor(text: string): string | undefined {
  const known = names.get(text)
  if (known !== undefined) return known
  // Each name is a statement kept by the server on every connection: a bounded number of them.
  if (names.size >= MAX_NAMED) return undefined
  if (!seenOnce.has(text)) {
    if (seenOnce.size >= MAX_SEEN) seenOnce.clear()
    seenOnce.add(text)
    return undefined
  }
  seenOnce.delete(text)
  const name = `murmur_${names.size + 1}`
  names.set(text, name)
  return name
}

/**
 * A migration by another process that changes a table's columns makes a prepared `select *`
 * (or `returning *`) fail once with this error; the connection then prepares fresh statements.
 */
const isStalePlan = (error: unknown) =>
  error instanceof Error &&
  (error as { code?: string }).code === '0A000' &&
  error.message.includes('cached plan must not change result type')

type Query = (config: unknown, values?: unknown, callback?: unknown) => Promise<unknown>

/** Makes every connection of `pool` send its repeated parameterized statements by name. */
export function prepareRepeatedStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as unknown as Query
    let generation = 0
    let inTransaction = false
    const named: Query = (config, values, callback) => {
      if (typeof config !== 'string' || !Array.isArray(values) || callback !== undefined) {
        return query(config, values, callback)
      }
      if (values.length === 0) {
        // Kysely's begin/commit/rollback: a statement that failed in a transaction cannot be
        // tried again in it.
        const head = config.trimStart().slice(0, 12).toLowerCase()
        if (head.startsWith('begin') || head.startsWith('start')) inTransaction = true
        else if (head === 'commit' || head === 'rollback' || head === 'end') inTransaction = false
        return query(config, values)
      }
      const name = nameFor(config)
      if (name === undefined) return query(config, values)
      const send = () =>
        query({ name: generation === 0 ? name : `${name}_${generation}`, text: config, values })
      return send().catch((error: unknown) => {
        if (!isStalePlan(error)) throw error
        generation++
        if (inTransaction) throw error
        return send()
      })
    }
    client.query = named as unknown as typeof client.query
  })
}
