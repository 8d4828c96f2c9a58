import { invalid, isMurmurError } from '../core/errors.js'
import { applyStageChange } from '../engagement/stages.js'
import type { Murmur } from '../murmur.js'
import { isNetworkId, NETWORK_IDS, type NetworkId } from '../networks/spec/index.js'
import { CONTACT_STAGES, type ContactStage } from '../storage/tables/engagement.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { tieKnownConversions } from './contact-conversions.js'
import {
  addIdentityByHandle,
  type Contact,
  createContact,
  identitiesOf,
  listContacts,
  normalizeHandle,
  normalizeTags,
} from './contacts.js'

export const MAX_IMPORT_ROWS = 10_000

/** RFC 4180: fields separated by commas, quoted with double quotes ("" inside), any line ending. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const input = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < input.length; i++) {
    const char = input[i]
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"' && field === '') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += char
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''))
}

/** A cell, quoted when needed; a leading = + - @ is defused so spreadsheets show it as text. */
function cell(value: string | number | null): string {
  if (value === null) return ''
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const BASE_COLUMNS = [
  'id',
  'display_name',
  'first_name',
  'email',
  'customer_id',
  'stage',
  'tags',
  'engagement_score',
  'message_count',
  'last_seen_at',
  'created_at',
] as const

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** Every contact as CSV: one row each, tags separated by ";", one column of handles per network. */
export async function exportContactsCsv(
  murmur: Murmur,
  scope: WorkspaceScope,
  onProgress?: (done: number) => void,
): Promise<string> {
  const lines = [[...BASE_COLUMNS, ...NETWORK_IDS].join(',')]
  let cursor: string | undefined
  let done = 0
  do {
    const page = await listContacts(murmur, scope, { limit: 200, cursor })
    for (const contact of page.data) lines.push(contactLine(contact))
    done += page.data.length
    onProgress?.(done)
    cursor = page.next_cursor ?? undefined
  } while (cursor)
  return `${lines.join('\r\n')}\r\n`
}

function contactLine(contact: Contact): string {
  const handles = (network: NetworkId) =>
    contact.identities
      .filter((i) => i.network === network)
      .map((i) => i.handle)
      .join(' ')
  return [
    contact.id,
    contact.display_name,
    contact.first_name,
    contact.email,
    contact.customer_id,
    contact.stage,
    contact.tags.join(';'),
    contact.engagement_score,
    contact.message_count,
    iso(contact.last_seen_at),
    iso(contact.created_at),
    ...NETWORK_IDS.map(handles),
  ]
    .map((value) => cell(value === '' ? null : value))
    .join(',')
}

export interface ImportReport {
  rows: number
  created: number
  updated: number
  skipped: number
  errors: Array<{ line: number; message: string }>
}

interface ImportRow {
  line: number
  display_name: string
  first_name: string
  email: string
  customer_id: string
  stage: string
  tags: string[]
  identities: Array<{ network: NetworkId; handle: string }>
}

const HEADER_ALIASES: Record<string, string> = {
  name: 'display_name',
  'display name': 'display_name',
  'first name': 'first_name',
  'e-mail': 'email',
  'customer id': 'customer_id',
  twitter: 'x',
}

function readRows(csv: string): ImportRow[] {
  const [header, ...body] = parseCsv(csv)
  if (!header) throw invalid('The file is empty: the first line names the columns.')
  const columns = header.map((h) => {
    const name = h.trim().toLowerCase()
    return HEADER_ALIASES[name] ?? name
  })
  const known = ['display_name', 'first_name', 'email', 'customer_id', 'stage', 'tags']
  if (!columns.some((c) => known.includes(c) || isNetworkId(c))) {
    throw invalid(
      `No column Murmur knows. Name them ${known.join(', ')}, or a network (${NETWORK_IDS.join(', ')}).`,
    )
  }
  if (body.length > MAX_IMPORT_ROWS) {
    throw invalid(`At most ${MAX_IMPORT_ROWS} contacts per file; split it in several files.`)
  }
  return body.map((cells, index) => {
    const value = (name: string) => cells[columns.indexOf(name)]?.trim() ?? ''
    return {
      line: index + 2,
      display_name: value('display_name'),
      first_name: value('first_name'),
      email: value('email').toLowerCase(),
      customer_id: value('customer_id'),
      stage: value('stage').toLowerCase(),
      tags: value('tags')
        .split(/[;,]/)
        .map((t) => t.trim())
        .filter(Boolean),
      identities: columns.flatMap((column, i) =>
        isNetworkId(column)
          ? (cells[i] ?? '')
              .split(/\s+/)
              .map(normalizeHandle)
              .filter(Boolean)
              .map((handle) => ({ network: column, handle }))
          : [],
      ),
    }
  })
}

async function findMatch(scope: WorkspaceScope, row: ImportRow): Promise<string | undefined> {
  if (row.email) {
    const byEmail = await scope
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', row.email)
      .executeTakeFirst()
    if (byEmail) return byEmail.id
  }
  if (row.customer_id) {
    const byCustomer = await scope
      .selectFrom('contacts')
      .select('id')
      .where('customer_id', '=', row.customer_id)
      .executeTakeFirst()
    if (byCustomer) return byCustomer.id
  }
  for (const identity of row.identities) {
    const byHandle = await scope
      .selectFrom('contact_identities')
      .select('contact_id')
      .where('network', '=', identity.network)
      .where((eb) => eb(eb.fn('lower', ['handle']), '=', identity.handle))
      .executeTakeFirst()
    if (byHandle) return byHandle.contact_id
  }
  return undefined
}

/**
 * Imports contacts from CSV. A row matching an existing contact (same email, customer id or
 * handle on a network) updates it: empty cells change nothing, tags are added, new handles
 * become identities, a stage that differs is recorded as changed by the import. Other rows
 * become contacts. Bad rows are reported by line and the rest still imported.
 */
export async function importContactsCsv(
  murmur: Murmur,
  scope: WorkspaceScope,
  csv: string,
  input: { actorId: string | null; onProgress?: (done: number, total: number) => void },
): Promise<ImportReport> {
  const rows = readRows(csv)
  const report: ImportReport = { rows: rows.length, created: 0, updated: 0, skipped: 0, errors: [] }
  for (const [index, row] of rows.entries()) {
    input.onProgress?.(index, rows.length)
    const stage = row.stage === '' ? undefined : row.stage
    if (stage !== undefined && !(CONTACT_STAGES as readonly string[]).includes(stage)) {
      report.errors.push({
        line: row.line,
        message: `Stage "${row.stage}" is not one of ${CONTACT_STAGES.join(', ')}.`,
      })
      continue
    }
    try {
      const matched = await findMatch(scope, row)
      if (matched) {
        const changed = await updateFromRow(
          murmur,
          scope,
          matched,
          row,
          stage as ContactStage,
          input,
        )
        if (changed) report.updated += 1
        else report.skipped += 1
      } else {
        const name = row.display_name || row.identities[0]?.handle || row.email
        if (!name) {
          report.errors.push({
            line: row.line,
            message: 'Give a name, an email or a handle on a network.',
          })
          continue
        }
        const created = await createContact(murmur, scope, {
          display_name: name,
          first_name: row.first_name || null,
          email: row.email || null,
          customer_id: row.customer_id || null,
          stage: stage as ContactStage | undefined,
          tags: row.tags,
          identities: row.identities,
          source: 'import',
          actorId: input.actorId,
        })
        await tieKnownConversions(murmur, scope, created.id)
        report.created += 1
      }
    } catch (error) {
      if (!isMurmurError(error)) throw error
      report.errors.push({ line: row.line, message: error.message })
    }
  }
  input.onProgress?.(rows.length, rows.length)
  return report
}

async function updateFromRow(
  murmur: Murmur,
  scope: WorkspaceScope,
  contactId: string,
  row: ImportRow,
  stage: ContactStage | undefined,
  input: { actorId: string | null },
): Promise<boolean> {
  const current = await scope
    .selectFrom('contacts')
    .select(['display_name', 'first_name', 'email', 'customer_id', 'stage', 'tags'])
    .where('id', '=', contactId)
    .executeTakeFirstOrThrow()
  const tags = normalizeTags([...(JSON.parse(current.tags) as string[]), ...row.tags])
  const next = {
    display_name: row.display_name || current.display_name,
    first_name: row.first_name || current.first_name,
    email: row.email || current.email,
    customer_id: row.customer_id || current.customer_id,
    tags: JSON.stringify(tags),
  }
  let changed = Object.entries(next).some(
    ([key, value]) => current[key as keyof typeof current] !== value,
  )
  const existing = await identitiesOf(scope, [contactId])
  await scope.transaction(async (trx) => {
    if (changed) {
      await trx
        .updateTable('contacts')
        .set({ ...next, updated_at: murmur.now() })
        .where('id', '=', contactId)
        .execute()
    }
    for (const identity of row.identities) {
      const has = existing.some(
        (e) => e.network === identity.network && e.handle.toLowerCase() === identity.handle,
      )
      if (has) continue
      await addIdentityByHandle(murmur, trx, contactId, identity)
      changed = true
    }
    if (stage && stage !== current.stage) {
      await applyStageChange(trx, {
        contactId,
        from: current.stage,
        to: stage,
        source: 'import',
        reason: `Set to ${stage} by a CSV import`,
        actorId: input.actorId,
        at: murmur.now(),
      })
      changed = true
    }
  })
  if (changed) await tieKnownConversions(murmur, scope, contactId)
  return changed
}
