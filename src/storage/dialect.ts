import type { Kysely } from 'kysely'
import type { Schema } from './schema.js'

/**
 * What differs between the embedded SQLite and PostgreSQL, stated once as
 * capability flags (after Kysely's DialectAdapter). Code reads the flags; it
 * never asks which database it is on.
 */
export interface StorageCapabilities {
  /** Several processes may write at once (workers can scale out). */
  readonly multipleWriters: boolean
  /** `murmur backup` can copy the live database file. */
  readonly onlineBackup: boolean
  /** Rows can be claimed with `FOR UPDATE SKIP LOCKED`. */
  readonly skipLocked: boolean
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres'
  readonly db: Kysely<Schema>
  readonly capabilities: StorageCapabilities
  /** Where the data lives, for logs (a file path, or the server without password). */
  readonly location: string
  /**
   * The schema Murmur's tables live in, where the database has schemas. The
   * migrator must be told: left alone it finds another schema's lock table.
   */
  readonly schema?: string
  /** Fails when the database cannot answer. */
  ping(): Promise<void>
  /** Consistent copy of the live database into `file` (only with `onlineBackup`). */
  backup?(file: string, onProgress?: (done: number, total: number) => void): Promise<void>
  close(): Promise<void>
}
