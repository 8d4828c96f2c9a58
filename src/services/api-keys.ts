import { forbidden, notFound } from '../core/errors.js'
import { newId, newToken } from '../core/ids.js'
import { canAssignRole, type Role } from '../core/roles.js'
import type { Murmur } from '../murmur.js'
import { hashToken } from '../security/tokens.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

export const API_KEY_PREFIX = 'mur_'

export interface ApiKey {
  id: string
  name: string
  role: Role
  prefix: string
  created_at: number
  last_used_at: number | null
}

export async function createApiKey(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: { name: string; role: Role; actorRole: Role; createdBy: string | null },
): Promise<ApiKey & { key: string }> {
  if (!canAssignRole(input.actorRole, input.role))
    throw forbidden(`Only an owner can create an ${input.role} key.`)
  const key = `${API_KEY_PREFIX}${newToken(30)}`
  const apiKey = {
    id: newId('key'),
    name: input.name.trim().slice(0, 120),
    role: input.role,
    prefix: key.slice(0, API_KEY_PREFIX.length + 6),
    created_at: murmur.now(),
    last_used_at: null,
  }
  await scope
    .insertInto('api_keys', { ...apiKey, token_hash: hashToken(key), created_by: input.createdBy })
    .execute()
  return { ...apiKey, key }
}

export async function listApiKeys(scope: WorkspaceScope): Promise<ApiKey[]> {
  return scope
    .selectFrom('api_keys')
    .select(['id', 'name', 'role', 'prefix', 'created_at', 'last_used_at'])
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute()
}

export async function revokeApiKey(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<void> {
  const result = await scope
    .updateTable('api_keys')
    .set({ revoked_at: murmur.now() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) throw notFound('API key')
}

const USE_RECORD_INTERVAL_MS = 60_000

/** The workspace and role a bearer key grants, or undefined for an unknown or revoked key. */
export async function resolveApiKey(
  murmur: Murmur,
  key: string,
): Promise<{ id: string; workspaceId: string; role: Role } | undefined> {
  if (!key.startsWith(API_KEY_PREFIX)) return undefined
  const row = await murmur.db
    .selectFrom('api_keys')
    .select(['id', 'workspace_id', 'role', 'last_used_at'])
    .where('token_hash', '=', hashToken(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  const now = murmur.now()
  if (!row.last_used_at || now - row.last_used_at > USE_RECORD_INTERVAL_MS) {
    await murmur.db
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .execute()
  }
  return { id: row.id, workspaceId: row.workspace_id, role: row.role }
}
