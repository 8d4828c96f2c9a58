import type { ApiClient } from './api.js'

/** One operation of the OpenAPI document, as the route-walking tests need it. */
export interface Operation {
  method: string
  /** OpenAPI template, e.g. /api/v1/workspaces/{workspace_id}/members/{user_id} */
  path: string
  params: string[]
  /** The documented example request body, if the operation takes a JSON body. */
  exampleBody: unknown
  /** Body fields whose schema accepts null (null there means "clear it", not a wrong type). */
  nullableFields: string[]
  takesJsonBody: boolean
  takesOtherBody: boolean
}

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is untyped JSON
type Json = any

function resolve(doc: Json, schema: Json): Json {
  if (schema?.$ref)
    return resolve(
      doc,
      schema.$ref
        .replace('#/components/schemas/', '')
        .split('/')
        .reduce((s: Json, k: string) => s?.[k], doc.components.schemas),
    )
  return schema
}

function exampleOf(doc: Json, media: Json): unknown {
  if (media?.example !== undefined) return media.example
  const schema = resolve(doc, media?.schema)
  if (schema?.example !== undefined) return schema.example
  return undefined
}

function acceptsNull(doc: Json, property: Json): boolean {
  const schema = resolve(doc, property)
  if (!schema) return false
  if (schema.nullable === true || schema.type === 'null') return true
  if (Array.isArray(schema.type) && schema.type.includes('null')) return true
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some((s: Json) => acceptsNull(doc, s))
}

function nullableFieldsOf(doc: Json, media: Json): string[] {
  const properties = resolve(doc, media?.schema)?.properties ?? {}
  return Object.entries<Json>(properties)
    .filter(([, property]) => acceptsNull(doc, property))
    .map(([name]) => name)
}

/** Every operation the running app documents (and so serves). */
export async function routeTable(client: ApiClient): Promise<Operation[]> {
  const doc = (await client.get('/api/v1/openapi.json')).body
  const operations: Operation[] = []
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method]
      if (!op) continue
      const content = op.requestBody?.content ?? {}
      const jsonMedia = content['application/json']
      operations.push({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
        exampleBody: jsonMedia ? exampleOf(doc, jsonMedia) : undefined,
        nullableFields: jsonMedia ? nullableFieldsOf(doc, jsonMedia) : [],
        takesJsonBody: Boolean(jsonMedia),
        takesOtherBody: Object.keys(content).some((type) => type !== 'application/json'),
      })
    }
  }
  return operations
}

export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`)
    return encodeURIComponent(value)
  })
}
