import { invalid, notFound } from '../core/errors.js'
import { orderedId } from '../engagement/ordered-id.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

export interface SavedReply {
  id: string
  name: string
  body: string
  created_by: string | null
  created_at: number
  updated_at: number
}

/** What a saved reply may say about the person answered. */
export const PLACEHOLDERS = ['first_name', 'name', 'handle'] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]

const PLACEHOLDER = /\{([a-z_]+)\}/g

/** Refuses a body naming a placeholder Murmur cannot fill, so a reply never goes out with "{frist_name}". */
export function checkPlaceholders(body: string): void {
  const unknown = [...body.matchAll(PLACEHOLDER)]
    .map((m) => m[1] ?? '')
    .filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name))
  if (unknown.length > 0) {
    throw invalid(
      `Unknown placeholder ${unknown.map((n) => `{${n}}`).join(', ')}. Use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`,
      [{ path: 'body', message: 'Unknown placeholder' }],
    )
  }
}

export interface PlaceholderValues {
  first_name: string
  name: string
  handle: string
}

/**
 * The values for one person: their first name (as recorded, else the first word of their name,
 * else "there", so "Hi {first_name}!" still reads well), full name and @handle.
 */
export function placeholderValues(person: {
  first_name: string | null
  display_name: string | null
  handle: string | null
}): PlaceholderValues {
  const name = person.display_name?.trim() || (person.handle ? `@${person.handle}` : '')
  const firstWord = person.display_name?.trim().split(/\s+/)[0] ?? ''
  const first = person.first_name?.trim() || (/^[\p{L}'-]+$/u.test(firstWord) ? firstWord : '')
  return {
    first_name: first || 'there',
    name: name || 'there',
    handle: person.handle ? `@${person.handle}` : '',
  }
}

export function renderSavedReply(body: string, values: PlaceholderValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string) =>
    name in values ? values[name as Placeholder] : whole,
  )
}

const COLUMNS = ['id', 'name', 'body', 'created_by', 'created_at', 'updated_at'] as const

export async function listSavedReplies(scope: WorkspaceScope): Promise<SavedReply[]> {
  return scope.selectFrom('saved_replies').select(COLUMNS).orderBy('name').orderBy('id').execute()
}

export async function getSavedReply(scope: WorkspaceScope, id: string): Promise<SavedReply> {
  const row = await scope
    .selectFrom('saved_replies')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Saved reply')
  return row
}

export async function createSavedReply(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: { name: string; body: string; createdBy: string | null },
): Promise<SavedReply> {
  checkPlaceholders(input.body)
  const now = murmur.now()
  const id = orderedId('sr', now)
  await scope
    .insertInto('saved_replies', {
      id,
      name: input.name.trim(),
      body: input.body,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    })
    .execute()
  return getSavedReply(scope, id)
}

export async function updateSavedReply(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  input: { name?: string | undefined; body?: string | undefined },
): Promise<SavedReply> {
  await getSavedReply(scope, id)
  if (input.body !== undefined) checkPlaceholders(input.body)
  await scope
    .updateTable('saved_replies')
    .set({
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.body !== undefined && { body: input.body }),
      updated_at: murmur.now(),
    })
    .where('id', '=', id)
    .execute()
  return getSavedReply(scope, id)
}

export async function deleteSavedReply(scope: WorkspaceScope, id: string): Promise<void> {
  await getSavedReply(scope, id)
  await scope.deleteFrom('saved_replies').where('id', '=', id).execute()
}
