import type {
  DeleteQueryBuilder,
  DeleteResult,
  Insertable,
  InsertQueryBuilder,
  InsertResult,
  Kysely,
  SelectQueryBuilder,
  UpdateQueryBuilder,
  UpdateResult,
} from 'kysely'
import type { Schema } from './schema.js'

/** Tables whose rows belong to a workspace. */
export type WorkspaceTable = {
  [K in keyof Schema]: 'workspace_id' extends keyof Schema[K] ? K : never
}[keyof Schema]

type WithoutWorkspace<T extends WorkspaceTable> = Omit<Insertable<Schema[T]>, 'workspace_id'>

/**
 * The one way to reach workspace data. Every query built here is already
 * limited to one workspace, so a route that forgets a filter still cannot see
 * another workspace's rows. HTTP handlers only ever get a scope for a
 * workspace the caller belongs to (src/http/middleware/workspace.ts).
 */
export class WorkspaceScope {
  constructor(
    readonly db: Kysely<Schema>,
    readonly workspaceId: string,
  ) {}

  // The casts below are the price of generic table names in Kysely; callers stay fully typed.
  selectFrom<T extends WorkspaceTable>(table: T): SelectQueryBuilder<Schema, T, object> {
    // biome-ignore lint/suspicious/noExplicitAny: see above
    return (this.db.selectFrom(table) as any).where(`${table}.workspace_id`, '=', this.workspaceId)
  }

  updateTable<T extends WorkspaceTable>(table: T): UpdateQueryBuilder<Schema, T, T, UpdateResult> {
    // biome-ignore lint/suspicious/noExplicitAny: see above
    return (this.db.updateTable(table) as any).where(`${table}.workspace_id`, '=', this.workspaceId)
  }

  deleteFrom<T extends WorkspaceTable>(table: T): DeleteQueryBuilder<Schema, T, DeleteResult> {
    // biome-ignore lint/suspicious/noExplicitAny: see above
    return (this.db.deleteFrom(table) as any).where(`${table}.workspace_id`, '=', this.workspaceId)
  }

  insertInto<T extends WorkspaceTable>(
    table: T,
    values: WithoutWorkspace<T> | WithoutWorkspace<T>[],
  ): InsertQueryBuilder<Schema, T, InsertResult> {
    const rows = (Array.isArray(values) ? values : [values]).map((row) => ({
      ...row,
      workspace_id: this.workspaceId,
    }))
    // biome-ignore lint/suspicious/noExplicitAny: see above
    return this.db.insertInto(table).values(rows as any)
  }

  /** Runs `work` in one transaction, with a scope bound to it. */
  transaction<R>(work: (scope: WorkspaceScope) => Promise<R>): Promise<R> {
    return this.db.transaction().execute((trx) => work(new WorkspaceScope(trx, this.workspaceId)))
  }
}
