import { CompiledQuery } from 'kysely'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

type Row = Record<string, unknown>
type Slot = { row: number; column: string } | 'workspace'

/**
 * Building a multi-row INSERT costs Kysely about 20 µs per row, more than
 * SQLite takes to store it. The statement text only depends on the number of
 * rows (every value is a parameter, the workspace id included), so it is
 * built once per row count through the workspace scope, and later batches
 * reuse it with their own parameters.
 */
export class ReusableInsert {
  readonly #byRowCount = new Map<number, { sql: string; slots: Slot[] }>()

  constructor(
    private readonly build: (scope: WorkspaceScope, rows: Row[]) => { compile(): CompiledQuery },
    private readonly maxCached = 8,
  ) {}

  async execute(scope: WorkspaceScope, rows: Row[]): Promise<void> {
    if (rows.length === 0) return
    const columns = Object.keys(rows[0] as Row)
    let plan = this.#byRowCount.get(rows.length)
    if (!plan) {
      plan = this.#plan(scope, rows.length, columns)
      if (this.#byRowCount.size < this.maxCached) this.#byRowCount.set(rows.length, plan)
    }
    const parameters = plan.slots.map((slot) =>
      slot === 'workspace' ? scope.workspaceId : (rows[slot.row] as Row)[slot.column],
    )
    await scope.db.executeQuery(CompiledQuery.raw(plan.sql, parameters))
  }

  /** Compiles with marker values, then reads back which parameter is which row and column. */
  #plan(scope: WorkspaceScope, count: number, columns: string[]): { sql: string; slots: Slot[] } {
    const marker = (row: number, column: string) => `\u0001${row}\u0001${column}`
    const templates = Array.from({ length: count }, (_, row) =>
      Object.fromEntries(columns.map((column) => [column, marker(row, column)])),
    )
    const compiled = this.build(scope, templates).compile()
    const slots = compiled.parameters.map((parameter): Slot => {
      if (parameter === scope.workspaceId) return 'workspace'
      const [, row, column] = String(parameter).split('\u0001')
      if (row === undefined || column === undefined || !columns.includes(column))
        throw new Error(`unexpected parameter in the compiled insert: ${String(parameter)}`)
      return { row: Number(row), column }
    })
    return { sql: compiled.sql, slots }
  }
}
