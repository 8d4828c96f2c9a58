import { notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Role } from '../core/roles.js'
import { assertTimeZone, slugify } from '../core/workspace.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { checkLogo } from './workspace-logo.js'

export interface Workspace {
  id: string
  name: string
  slug: string
  time_zone: string
  created_at: number
  /** The media library image shown on reports (see workspace-logo.ts), or null. */
  logo_media_id: string | null
}

export interface WorkspaceWithRole extends Workspace {
  role: Role
}

function cleanName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed) throw new Error('unreachable: schemas reject empty names')
  return trimmed.slice(0, 120)
}

async function uniqueSlug(murmur: Murmur, name: string): Promise<string> {
  const base = slugify(name)
  const taken = new Set(
    (
      await murmur.db
        .selectFrom('workspaces')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
        .execute()
    ).map((row) => row.slug),
  )
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

/** A new workspace with `ownerId` as its owner. */
export async function createWorkspace(
  murmur: Murmur,
  input: { name: string; timeZone: string; ownerId: string },
): Promise<WorkspaceWithRole> {
  const workspace: Workspace = {
    id: newId('ws'),
    name: cleanName(input.name),
    slug: await uniqueSlug(murmur, input.name),
    time_zone: assertTimeZone(input.timeZone),
    created_at: murmur.now(),
    logo_media_id: null,
  }
  await murmur.db.transaction().execute(async (trx) => {
    await trx.insertInto('workspaces').values(workspace).execute()
    await trx
      .insertInto('members')
      .values({
        workspace_id: workspace.id,
        user_id: input.ownerId,
        role: 'owner',
        created_at: workspace.created_at,
      })
      .execute()
  })
  return { ...workspace, role: 'owner' }
}

export async function listWorkspacesOf(
  murmur: Murmur,
  userId: string,
): Promise<WorkspaceWithRole[]> {
  return murmur.db
    .selectFrom('members')
    .innerJoin('workspaces', 'workspaces.id', 'members.workspace_id')
    .select([
      'workspaces.id',
      'workspaces.name',
      'workspaces.slug',
      'workspaces.time_zone',
      'workspaces.created_at',
      'workspaces.logo_media_id',
      'members.role',
    ])
    .where('members.user_id', '=', userId)
    .orderBy('workspaces.created_at')
    .execute()
}

export async function findWorkspace(
  murmur: Murmur,
  workspaceId: string,
): Promise<Workspace | undefined> {
  return murmur.db
    .selectFrom('workspaces')
    .selectAll()
    .where('id', '=', workspaceId)
    .executeTakeFirst()
}

export async function findWorkspaceBySlug(
  murmur: Murmur,
  slug: string,
): Promise<Workspace | undefined> {
  return murmur.db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst()
}

/** The caller's role in a workspace, or undefined when they are not a member. */
export async function roleIn(
  murmur: Murmur,
  workspaceId: string,
  userId: string,
): Promise<Role | undefined> {
  const row = await murmur.db
    .selectFrom('members')
    .select('role')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row?.role
}

export async function updateWorkspace(
  murmur: Murmur,
  scope: WorkspaceScope,
  patch: {
    name?: string | undefined
    time_zone?: string | undefined
    logo_media_id?: string | null | undefined
  },
): Promise<Workspace> {
  const changes: { name?: string; time_zone?: string; logo_media_id?: string | null } = {}
  if (patch.name !== undefined) changes.name = cleanName(patch.name)
  if (patch.time_zone !== undefined) changes.time_zone = assertTimeZone(patch.time_zone)
  if (patch.logo_media_id !== undefined)
    changes.logo_media_id =
      patch.logo_media_id === null ? null : await checkLogo(murmur, scope, patch.logo_media_id)
  if (Object.keys(changes).length > 0) {
    await murmur.db
      .updateTable('workspaces')
      .set(changes)
      .where('id', '=', scope.workspaceId)
      .execute()
  }
  const workspace = await findWorkspace(murmur, scope.workspaceId)
  if (!workspace) throw notFound('Workspace')
  return workspace
}
