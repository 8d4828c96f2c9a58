import { readPostsFile } from '../core/csv-posts/read-file.js'
import { rowKeyOf } from '../core/csv-posts/row-key.js'
import { conflict, isMurmurError, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type { SafeFetchOptions } from '../net/safe-fetch/index.js'
import type { PostImportStatus, PostImportsTable } from '../storage/tables/post-import-feeds.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { listChannels } from './channels.js'
import { deleteMedia } from './media.js'
import { type ImportRow, type RowContext, resolveRow } from './post-import-rows.js'
import type { When } from './post-schedule.js'
import { createPost, deletePost } from './posts.js'
import { findWorkspace } from './workspaces.js'

export type { ImportRow } from './post-import-rows.js'

/** A file of posts: its preview, then where the import stands. */
export interface PostImport {
  id: string
  file_name: string | null
  status: PostImportStatus
  total_rows: number
  good_rows: number
  bad_rows: number
  duplicate_rows: number
  /** Rows handled so far by the import (out of the good rows it was asked to create). */
  done_rows: number
  created_posts: number
  failed_rows: Array<{ row: number; message: string }>
  rows: ImportRow[]
  created_by: string | null
  created_at: number
  updated_at: number
  finished_at: number | null
}

/** An import not heard from for this long is taken over (its process died); rows are idempotent. */
const IMPORT_LEASE_MS = 60_000

export type ProgressListener = (done: number, total: number) => void

function present(row: PostImportsTable): PostImport {
  return {
    id: row.id,
    file_name: row.file_name,
    status: row.status,
    total_rows: row.total_rows,
    good_rows: row.good_rows,
    bad_rows: row.bad_rows,
    duplicate_rows: row.duplicate_rows,
    done_rows: row.done_rows,
    created_posts: row.created_posts,
    failed_rows: JSON.parse(row.failed_rows),
    rows: JSON.parse(row.preview),
    created_by: row.created_by,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    finished_at: row.finished_at === null ? null : Number(row.finished_at),
  }
}

async function importRow(scope: WorkspaceScope, id: string): Promise<PostImportsTable> {
  const row = await scope
    .selectFrom('post_imports')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Import')
  return row as PostImportsTable
}

export async function getImport(scope: WorkspaceScope, id: string): Promise<PostImport> {
  return present(await importRow(scope, id))
}

/** The workspace's recent imports, newest first (without their rows). */
export async function listImports(scope: WorkspaceScope): Promise<Array<Omit<PostImport, 'rows'>>> {
  const rows = await scope
    .selectFrom('post_imports')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(20)
    .execute()
  return rows.map((row) => {
    const { rows: _rows, ...summary } = present({ ...(row as PostImportsTable), preview: '[]' })
    return summary
  })
}

/** Row keys this workspace already imported, for posts that still exist. */
async function importedKeys(scope: WorkspaceScope, keys: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await scope
      .selectFrom('post_import_keys')
      .innerJoin('posts', 'posts.id', 'post_import_keys.post_id')
      .select(['post_import_keys.row_key', 'post_import_keys.post_id'])
      .where('post_import_keys.row_key', 'in', keys.slice(i, i + 500))
      .execute()
    for (const row of rows) found.set(row.row_key, row.post_id)
  }
  // An export read back names its posts by id: a post that is still here is not copied again.
  const postIds = keys.filter((key) => key.startsWith('key:post_')).map((key) => key.slice(4))
  for (let i = 0; i < postIds.length; i += 500) {
    const rows = await scope
      .selectFrom('posts')
      .select('id')
      .where('id', 'in', postIds.slice(i, i + 500))
      .execute()
    for (const row of rows) found.set(`key:${row.id}`, row.id)
  }
  return found
}

/**
 * Reads a file of posts (CSV, or the JSON export) and checks every row against the rules of every
 * network it targets. Nothing is created but the preview (and the images the file links to, kept
 * in the media library); `confirmImport` creates the posts. A file that cannot be read at all is
 * refused with one sentence; a bad row is listed with its number and reasons.
 */
export async function previewImport(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: {
    content: string
    fileName?: string | null | undefined
    createdBy: string | null
    fetch?: Partial<SafeFetchOptions>
    onProgress?: ProgressListener
  },
): Promise<PostImport> {
  const raws = readPostsFile(input.content)
  const workspace = await findWorkspace(murmur, scope.workspaceId)
  const context: RowContext = {
    channels: await listChannels(scope),
    timeZone: workspace?.time_zone ?? 'UTC',
    now: murmur.now(),
    createdBy: input.createdBy,
    fetch: input.fetch ?? {},
    images: new Map(),
    createdMedia: [],
  }
  const keys = raws.map(rowKeyOf)
  const already = await importedKeys(scope, keys)
  const firstRowOfKey = new Map<string, number>()
  const rows: ImportRow[] = []
  for (const [index, raw] of raws.entries()) {
    input.onProgress?.(index, raws.length)
    const key = keys[index]!
    const row = await resolveRow(murmur, scope, context, raw, key)
    const earlier = firstRowOfKey.get(key)
    if (earlier !== undefined) {
      row.status = 'bad'
      row.resolved = null
      row.problems.unshift(`Row ${row.row} repeats row ${earlier}; remove one of them.`)
    } else if (already.has(key)) {
      row.status = 'duplicate'
      row.post_id = already.get(key) ?? null
      row.resolved = null
      row.warnings.unshift('Already imported: this row is skipped, so no post is made twice.')
    }
    firstRowOfKey.set(key, earlier ?? raw.row)
    rows.push(row)
  }
  input.onProgress?.(raws.length, raws.length)
  const count = (status: ImportRow['status']) => rows.filter((row) => row.status === status).length
  const now = murmur.now()
  const record: PostImportsTable = {
    workspace_id: scope.workspaceId,
    id: newId('imp', now),
    file_name: input.fileName?.slice(0, 255) || null,
    status: 'ready',
    preview: JSON.stringify(rows),
    total_rows: rows.length,
    good_rows: count('good'),
    bad_rows: count('bad'),
    duplicate_rows: count('duplicate'),
    done_rows: 0,
    created_posts: 0,
    failed_rows: '[]',
    media_ids: JSON.stringify(context.createdMedia),
    lease_expires_at: null,
    created_by: input.createdBy,
    created_at: now,
    updated_at: now,
    finished_at: null,
  }
  const { workspace_id: _workspace, ...values } = record
  await scope.insertInto('post_imports', values).execute()
  return present(record)
}

/**
 * Starts creating the posts of a previewed file. With bad rows, only when `skipBadRows` says the
 * good ones go without them. Returns at once; `runImport` does the work (the API runs it in the
 * background and the client polls `getImport`; the CLI waits for it). Confirming an import that
 * stopped halfway (its process died) resumes it.
 */
export async function confirmImport(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  options: { skipBadRows: boolean },
): Promise<PostImport> {
  const current = await importRow(scope, id)
  const now = murmur.now()
  if (current.status === 'done')
    throw conflict('This import is finished; upload the file again to import it again.')
  if (current.status === 'cancelled')
    throw conflict('This import was cancelled; upload the file again.')
  if (current.status === 'importing' && (current.lease_expires_at ?? 0) > now) {
    throw conflict('This import is already running; follow its progress.')
  }
  if (current.bad_rows > 0 && !options.skipBadRows) {
    throw conflict(
      `${current.bad_rows} row${current.bad_rows === 1 ? ' has' : 's have'} problems. Fix ${current.bad_rows === 1 ? 'it' : 'them'} and upload the file again, or import the ${current.good_rows} good row${current.good_rows === 1 ? '' : 's'} without ${current.bad_rows === 1 ? 'it' : 'them'} (skip_bad_rows).`,
      { bad_rows: current.bad_rows, good_rows: current.good_rows },
    )
  }
  const claimed = await scope
    .updateTable('post_imports')
    .set({ status: 'importing', lease_expires_at: now + IMPORT_LEASE_MS, updated_at: now })
    .where('id', '=', id)
    .where('updated_at', '=', current.updated_at)
    .executeTakeFirst()
  if (Number(claimed.numUpdatedRows) !== 1) {
    throw conflict('This import changed a moment ago; reload it to see where it stands.')
  }
  return getImport(scope, id)
}

const whenOf = (row: ImportRow): When | undefined => {
  const time = row.resolved?.time
  if (!time || time.type === 'draft') return undefined
  return time.type === 'queue' ? { type: 'queue' } : { type: 'at', at: time.at }
}

/**
 * Creates the good rows' posts of a confirmed import, one by one, recording progress as it goes.
 * Each row's key is stored with its post, so a row is never created twice: not when the import
 * resumes, not when the same file comes again. A row refused now (its time passed meanwhile, a
 * channel was removed) is recorded with the reason and the others go on.
 */
export async function runImport(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  options: { onProgress?: ProgressListener } = {},
): Promise<PostImport> {
  const record = await importRow(scope, id)
  if (record.status !== 'importing') return present(record)
  const rows = JSON.parse(record.preview) as ImportRow[]
  const failed = JSON.parse(record.failed_rows) as PostImport['failed_rows']
  const todo = rows.filter((row) => row.status === 'good' || row.status === 'imported')
  let done = 0
  let created = 0
  const save = async (final: boolean) => {
    const now = murmur.now()
    await scope
      .updateTable('post_imports')
      .set({
        done_rows: done,
        created_posts: created,
        updated_at: now,
        lease_expires_at: final ? null : now + IMPORT_LEASE_MS,
        // The rows (large) are written once at the end; a resumed import finds its posts by key.
        ...(final && {
          preview: JSON.stringify(rows),
          failed_rows: JSON.stringify(failed),
          status: 'done' as const,
          finished_at: now,
        }),
      })
      .where('id', '=', id)
      .execute()
  }
  for (const row of todo) {
    options.onProgress?.(done, todo.length)
    if (row.status === 'imported') {
      created += 1
      done += 1
      continue
    }
    const existing = await scope
      .selectFrom('post_import_keys')
      .innerJoin('posts', 'posts.id', 'post_import_keys.post_id')
      .select(['post_import_keys.post_id', 'post_import_keys.import_id'])
      .where('post_import_keys.row_key', '=', row.key)
      .executeTakeFirst()
    if (existing) {
      // This import made it before it stopped (resumed), or another import did meanwhile.
      const ours = existing.import_id === id
      row.status = ours ? 'imported' : 'duplicate'
      row.post_id = existing.post_id
      if (ours) created += 1
    } else {
      try {
        const post = await createPost(
          murmur,
          scope,
          {
            content: row.resolved!.content,
            channels: row.resolved!.channel_ids.map((channel_id) => ({ channel_id })),
            labels: row.resolved!.labels,
            campaign: row.resolved!.campaign,
          },
          { createdBy: record.created_by, when: whenOf(row) },
        )
        await recordKey(murmur, scope, row.key, post.id, id)
        row.status = 'imported'
        row.post_id = post.id
        created += 1
      } catch (error) {
        if (!isMurmurError(error)) throw error
        row.status = 'failed'
        row.problems.push(error.message)
        failed.push({ row: row.row, message: error.message })
      }
    }
    done += 1
    // Progress is written every few rows: cheap, and a poller sees it move.
    if (done % 10 === 0) await save(false)
  }
  options.onProgress?.(done, todo.length)
  await save(true)
  return getImport(scope, id)
}

/** Keys a created post; if another import made the same row meanwhile, this post goes again. */
async function recordKey(
  murmur: Murmur,
  scope: WorkspaceScope,
  rowKey: string,
  postId: string,
  importId: string,
): Promise<void> {
  await scope
    .deleteFrom('post_import_keys')
    .where('row_key', '=', rowKey)
    .where('post_id', 'not in', scope.selectFrom('posts').select('posts.id'))
    .execute()
  const inserted = await scope
    .insertInto('post_import_keys', {
      row_key: rowKey,
      post_id: postId,
      import_id: importId,
      created_at: murmur.now(),
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'row_key']).doNothing())
    .returning('row_key')
    .executeTakeFirst()
  if (!inserted) {
    await deletePost(murmur, scope, postId, { keepOnNetwork: true })
    throw conflict('The same row was imported by another import at the same moment.')
  }
}

/** Throws a previewed import away, with the images it fetched that no post uses. */
export async function cancelImport(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<PostImport> {
  const record = await importRow(scope, id)
  if (record.status !== 'ready') {
    throw conflict(
      `Only an import that has not started can be cancelled; this one is ${record.status}.`,
    )
  }
  await scope
    .updateTable('post_imports')
    .set({ status: 'cancelled', updated_at: murmur.now(), finished_at: murmur.now() })
    .where('id', '=', id)
    .where('status', '=', 'ready')
    .execute()
  for (const mediaId of JSON.parse(record.media_ids) as string[]) {
    await deleteMedia(murmur, scope, mediaId).catch((error: unknown) => {
      // Used by a post since, or gone already: it stays (or stays gone).
      if (!isMurmurError(error)) throw error
    })
  }
  return getImport(scope, id)
}
