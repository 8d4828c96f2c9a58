/**
 * How the Graph API reads a request: parameters from the query string, a form body or a
 * multipart body alike; the token from `access_token` or `Authorization: Bearer|OAuth`; fields in
 * Meta's nested syntax (`comments.limit(0).summary(total_count){id,message}`).
 */
import type { FakeRequest } from '../support/fake-http-server.js'

export interface GraphParams {
  values: Map<string, string>
  files: Map<string, { bytes: Uint8Array; type: string }>
  get(name: string): string | undefined
}

export async function readGraphParams(request: FakeRequest): Promise<GraphParams> {
  const values = new Map<string, string>()
  const files = new Map<string, { bytes: Uint8Array; type: string }>()
  for (const [key, value] of request.url.searchParams) values.set(key, value)
  const type = request.header('content-type') ?? ''
  if (
    type.startsWith('multipart/form-data') ||
    type.startsWith('application/x-www-form-urlencoded')
  ) {
    const form = await request.formData()
    for (const [key, value] of form) {
      if (typeof value === 'string') values.set(key, value)
      else files.set(key, { bytes: new Uint8Array(await value.arrayBuffer()), type: value.type })
    }
  } else if (type.startsWith('application/json')) {
    const body = request.json()
    if (typeof body === 'object' && body !== null) {
      for (const [key, value] of Object.entries(body)) {
        values.set(key, typeof value === 'string' ? value : JSON.stringify(value))
      }
    }
  }
  return { values, files, get: (name) => values.get(name) }
}

export function graphToken(request: FakeRequest, params: GraphParams): string | undefined {
  const header = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(request.header('authorization') ?? '')
  return params.get('access_token') ?? header?.[1]
}

export interface FieldSpec {
  name: string
  /** `limit(0)` → { limit: '0' } */
  modifiers: Record<string, string>
  /** The `{…}` part, unparsed. */
  subfields?: string
}

/** Splits a fields list at top-level commas and reads each field's modifiers and subfields. */
export function parseFields(fields: string | undefined): FieldSpec[] {
  if (!fields) return []
  const specs: FieldSpec[] = []
  let depth = 0
  let start = 0
  for (let index = 0; index <= fields.length; index++) {
    const character = fields[index]
    if (character === '(' || character === '{') depth++
    if (character === ')' || character === '}') depth--
    if ((character === ',' && depth === 0) || index === fields.length) {
      const piece = fields.slice(start, index).trim()
      if (piece) specs.push(parseField(piece))
      start = index + 1
    }
  }
  return specs
}

function parseField(piece: string): FieldSpec {
  const braces = piece.indexOf('{')
  const head = braces >= 0 ? piece.slice(0, braces) : piece
  const subfields = braces >= 0 ? piece.slice(braces + 1, piece.lastIndexOf('}')) : undefined
  const [name = '', ...rest] = head.split('.')
  const modifiers: Record<string, string> = {}
  for (const modifier of rest) {
    const match = /^(\w+)\((.*)\)$/.exec(modifier)
    if (match?.[1]) modifiers[match[1]] = match[2] ?? ''
  }
  return { name, modifiers, ...(subfields !== undefined && { subfields }) }
}

/** Offset-based cursors, opaque like Meta's. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url')
}

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  return match?.[1] ? Number(match[1]) : 0
}

/** One Graph page of `items` from `after`, with `paging.cursors` and `next` when more remain. */
export function graphPage<Item>(
  baseUrl: string,
  items: Item[],
  options: { limit: number; after?: string },
): { data: Item[]; paging?: { cursors: { before: string; after: string }; next?: string } } {
  const offset = decodeCursor(options.after)
  const data = items.slice(offset, offset + options.limit)
  if (data.length === 0) return { data }
  const end = offset + data.length
  const next = new URL(baseUrl)
  next.searchParams.set('after', encodeCursor(end))
  return {
    data,
    paging: {
      cursors: { before: encodeCursor(offset), after: encodeCursor(end) },
      ...(end < items.length && { next: next.toString() }),
    },
  }
}
