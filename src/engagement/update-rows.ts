import { sql } from 'kysely'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

/** How each column of a batch is typed in SQL (parameters in VALUES arrive as text). */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'double precision'

/**
 * Updates many rows of one workspace table in one statement: the new values travel as a VALUES
 * list in a CTE and `UPDATE … FROM` joins it on `id`. Both SQLite (3.33+) and PostgreSQL run
 * this form; the casts give PostgreSQL the column types its VALUES cannot infer. One round trip
 * instead of one per row is what keeps a page of a large backlog quick on PostgreSQL.
 */
export async function updateRows(
  scope: WorkspaceScope,
  table: 'contacts' | 'conversations',
  columns: Record<string, ColumnType>,
  rows: Array<Record<string, string | number | null> & { id: string }>,
  batchSize = 100,
): Promise<void> {
  const names = Object.keys(columns)
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize)
    const values = sql.join(
      batch.map((row) => sql`(${sql.join([row.id, ...names.map((name) => row[name] ?? null)])})`),
    )
    const assignments = sql.join(
      names.map((name) => {
        const type = columns[name]!
        const value =
          type === 'text'
            ? sql`${sql.ref(`v.${name}`)}`
            : sql`cast(${sql.ref(`v.${name}`)} as ${sql.raw(type)})`
        return sql`${sql.id(name)} = ${value}`
      }),
    )
    const columnList = sql.join([sql.id('id'), ...names.map((name) => sql.id(name))])
    await sql`with v (${columnList}) as (values ${values})
      update ${sql.table(table)} set ${assignments}
      from v where ${sql.ref(`${table}.id`)} = ${sql.ref('v.id')}
      and ${sql.ref(`${table}.workspace_id`)} = ${scope.workspaceId}`.execute(scope.db)
  }
}
