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
  /**
   * Processes sharing the database can signal each other (`notify`, `listen`): PostgreSQL's
   * LISTEN/NOTIFY. Without it everything runs in one process and an in-process bus suffices.
   */
  readonly crossProcessSignals: boolean
}

/** Someone hearing a topic through `Storage.listen`. */
export interface SignalListener {
  onMessage(payload: string): void
  /** The connection dropped or could not be opened; it is opened again by itself. */
  onError?(error: unknown): void
}

/** What `Storage.listen` hands back: call it to stop hearing the topic. */
export type StopListening = () => void

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
  /**
   * Sends a short text (under 7,900 bytes) to every process listening on `topic` (only with
   * `crossProcessSignals`).
   */
  notify?(topic: string, payload: string): Promise<void>
  /**
   * Hears `topic` from every process on this database and schema, this one included (only with
   * `crossProcessSignals`). Resolves once listening; a dropped connection is reopened by itself.
   */
  listen?(topic: string, listener: SignalListener): Promise<StopListening>
  /** Consistent copy of the live database into `file` (only with `onlineBackup`). */
  backup?(file: string, onProgress?: (done: number, total: number) => void): Promise<void>
  close(): Promise<void>
}
