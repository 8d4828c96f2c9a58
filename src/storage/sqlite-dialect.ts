import {
  SqliteAdapter as BaseSqliteAdapter,
  CompiledQuery,
  type DatabaseConnection,
  type QueryResult,
  type SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely'

/** The longest a statement waits, in all, for another connection to let go of the write lock. */
export const BUSY_WAIT_MS = 5_000

// SQLite does run DDL inside transactions; saying so lets a failed migration roll back whole.
class TransactionalSqliteAdapter extends (BaseSqliteAdapter as { new (): SqliteAdapter }) {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

const isBusy = (error: unknown) =>
  typeof (error as { code?: unknown })?.code === 'string' &&
  (error as { code: string }).code.startsWith('SQLITE_BUSY')

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Waits for the write lock without blocking the thread. better-sqlite3's busy timeout waits
 * synchronously: on the web process's connection that stopped every request, redirects included,
 * for as long as the click worker's transaction held the lock (80–370 ms stalls, seen in CPU
 * profiles of bench/redirect). This connection is opened with no busy timeout and retries a
 * statement refused with SQLITE_BUSY after a short timer instead. Only a statement that ran
 * outside a transaction, or the BEGIN itself, is retried: it failed whole and changed nothing.
 */
class PatientConnection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly inTransaction: () => boolean,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    let waited = 0
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.inner.executeQuery<R>(query)
      } catch (error) {
        if (!isBusy(error) || this.inTransaction() || waited >= BUSY_WAIT_MS) throw error
        const ms = Math.min(1 + attempt * 2, 25)
        await pause(ms)
        waited += ms
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize)
  }
}

/**
 * Transactions take the write lock when they begin. A deferred transaction that reads and then
 * writes fails at once with SQLITE_BUSY (no busy wait applies) if another connection, such as
 * the click worker's, committed in between; an immediate one waits its turn instead.
 */
class MurmurSqliteDriver extends SqliteDriver {
  readonly #inTransaction: (() => boolean) | undefined
  readonly #connections = new WeakMap<DatabaseConnection, PatientConnection>()

  constructor(config: SqliteDialectConfig, inTransaction: (() => boolean) | undefined) {
    super(config)
    this.#inTransaction = inTransaction
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection()
    const inTransaction = this.#inTransaction
    if (!inTransaction) return connection
    let patient = this.#connections.get(connection)
    if (!patient) {
      patient = new PatientConnection(connection, inTransaction)
      this.#connections.set(connection, patient)
    }
    return patient
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

/**
 * Kysely's SQLite dialect with transactional DDL and immediate transactions. Given
 * `inTransaction` (the connection's own flag), a busy database is waited for on a timer
 * (PatientConnection); without it, the connection's busy timeout applies.
 */
export class MurmurSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig
  readonly #inTransaction: (() => boolean) | undefined

  constructor(config: SqliteDialectConfig, options: { inTransaction?: () => boolean } = {}) {
    super(config)
    this.#config = config
    this.#inTransaction = options.inTransaction
  }

  override createDriver() {
    return new MurmurSqliteDriver(this.#config, this.#inTransaction)
  }

  override createAdapter() {
    return new TransactionalSqliteAdapter()
  }
}
