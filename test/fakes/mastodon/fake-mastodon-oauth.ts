/**
 * App registration and OAuth on the Mastodon fake: `POST /api/v1/apps`, the consent page at
 * `/oauth/authorize` (answered at once), `/oauth/token` with PKCE (Mastodon 4.3+) and
 * `/oauth/revoke`. Tokens never expire and there are no refresh tokens, as on Mastodon.
 */
import { createHash } from 'node:crypto'
import type { FakeReply, FakeRequest } from '../support/fake-http-server.js'
import { type FakeMastodonState, randomToken } from './fake-mastodon-state.js'

export const MASTODON_KNOWN_SCOPES = new Set([
  'read',
  'write',
  'follow',
  'push',
  'profile',
  'admin:read',
  'admin:write',
  'read:accounts',
  'read:blocks',
  'read:bookmarks',
  'read:favourites',
  'read:filters',
  'read:follows',
  'read:lists',
  'read:mutes',
  'read:notifications',
  'read:search',
  'read:statuses',
  'write:accounts',
  'write:blocks',
  'write:bookmarks',
  'write:conversations',
  'write:favourites',
  'write:filters',
  'write:follows',
  'write:lists',
  'write:media',
  'write:mutes',
  'write:notifications',
  'write:reports',
  'write:statuses',
])

const unprocessable = (error: string): FakeReply => ({ status: 422, body: { error } })

/** Mastodon accepts JSON and form bodies alike. */
export async function readParams(request: FakeRequest): Promise<Map<string, string[]>> {
  const params = new Map<string, string[]>()
  const add = (key: string, value: string) => {
    const name = key.replace(/\[\]$/, '')
    params.set(name, [...(params.get(name) ?? []), value])
  }
  const type = request.header('content-type') ?? ''
  if (type.startsWith('application/json')) {
    const body = request.json()
    if (typeof body === 'object' && body !== null) {
      for (const [key, value] of Object.entries(body)) {
        if (Array.isArray(value)) for (const item of value) add(key, String(item))
        else if (value !== null && value !== undefined) add(key, String(value))
      }
    }
  } else if (
    type.startsWith('multipart/form-data') ||
    type.startsWith('application/x-www-form-urlencoded')
  ) {
    const form = await request.formData()
    for (const [key, value] of form.entries()) if (typeof value === 'string') add(key, value)
  }
  return params
}

export async function registerApp(
  state: FakeMastodonState,
  request: FakeRequest,
): Promise<FakeReply> {
  const params = await readParams(request)
  const name = params.get('client_name')?.[0] ?? ''
  // Before 4.3 a single string (several URIs separated by newlines); since 4.3 also an array.
  const redirectUris = (params.get('redirect_uris') ?? [])
    .flatMap((value) => value.split(/\s+/))
    .filter(Boolean)
  const scopes = (params.get('scopes')?.[0] ?? 'read').split(/\s+/).filter(Boolean)
  if (name.trim() === '') return unprocessable("Validation failed: Application name can't be blank")
  if (redirectUris.length === 0)
    return unprocessable("Validation failed: Redirect URI can't be blank")
  const badUri = redirectUris.find(
    (uri) => uri !== 'urn:ietf:wg:oauth:2.0:oob' && !/^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(uri),
  )
  if (badUri) return unprocessable('Validation failed: Redirect URI must be an absolute URI.')
  if (scopes.some((scope) => !MASTODON_KNOWN_SCOPES.has(scope)))
    return unprocessable('Validation failed: Scopes are invalid')
  const app = {
    id: state.nextId(),
    name,
    website: params.get('website')?.[0] ?? null,
    clientId: randomToken(),
    clientSecret: randomToken(),
    redirectUris,
    scopes,
  }
  state.apps.set(app.clientId, app)
  return {
    status: 200,
    body: {
      id: app.id,
      name: app.name,
      website: app.website,
      scopes: app.scopes,
      redirect_uri: app.redirectUris.join('\n'),
      redirect_uris: app.redirectUris,
      vapid_key:
        'BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      client_secret_expires_at: 0,
    },
  }
}

export interface MastodonConsent {
  accountId?: string
  deny: boolean
}

/** Scope `read` covers every `read:*`, `write` every `write:*`. */
export function scopesCover(granted: readonly string[], wanted: string): boolean {
  return granted.includes(wanted) || granted.includes(wanted.split(':')[0] ?? wanted)
}

export function authorize(
  state: FakeMastodonState,
  request: FakeRequest,
  consent: MastodonConsent,
): FakeReply {
  const query = request.url.searchParams
  const app = state.apps.get(query.get('client_id') ?? '')
  const redirectUri = query.get('redirect_uri') ?? ''
  if (!app?.redirectUris.includes(redirectUri)) {
    return {
      status: 400,
      headers: { 'content-type': 'text/html' },
      body: '<p>The redirect uri included is not valid.</p>',
    }
  }
  const back = new URL(redirectUri)
  const fail = (error: string, description: string): FakeReply => {
    back.searchParams.set('error', error)
    back.searchParams.set('error_description', description)
    const returned = query.get('state')
    if (returned) back.searchParams.set('state', returned)
    return { status: 302, headers: { location: back.toString() } }
  }
  if (query.get('response_type') !== 'code')
    return fail(
      'unsupported_response_type',
      'The authorization server does not support this response type.',
    )
  const scopes = (query.get('scope') ?? 'read').split(/\s+/).filter(Boolean)
  if (
    scopes.some(
      (scope) => !app.scopes.some((allowed) => allowed === scope || scopesCover([allowed], scope)),
    )
  ) {
    return fail('invalid_scope', 'The requested scope is invalid, unknown, or malformed.')
  }
  const challenge = query.get('code_challenge') ?? undefined
  if (challenge && query.get('code_challenge_method') !== 'S256') {
    return fail('invalid_request', 'Mastodon supports only the S256 code challenge method.')
  }
  if (consent.deny) {
    consent.deny = false
    return fail('access_denied', 'The resource owner or authorization server denied the request.')
  }
  const accountId =
    consent.accountId ?? [...state.accounts.values()].find((account) => !account.domain)?.id
  if (!accountId) return fail('server_error', 'the fake has no account to sign in with')
  const code = randomToken()
  state.codes.set(code, {
    clientId: app.clientId,
    accountId,
    redirectUri,
    scopes,
    ...(challenge && { codeChallenge: challenge }),
    used: false,
  })
  back.searchParams.set('code', code)
  const returned = query.get('state')
  if (returned) back.searchParams.set('state', returned)
  return { status: 302, headers: { location: back.toString() } }
}

export async function token(state: FakeMastodonState, request: FakeRequest): Promise<FakeReply> {
  const params = await readParams(request)
  const param = (name: string) => params.get(name)?.[0]
  const basic = request.basic()
  const clientId = basic?.username ?? param('client_id') ?? ''
  const clientSecret = basic?.password ?? param('client_secret') ?? ''
  const app = state.apps.get(clientId)
  if (!app || app.clientSecret !== clientSecret) {
    return {
      status: 401,
      body: {
        error: 'invalid_client',
        error_description:
          'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
      },
    }
  }
  if (param('grant_type') !== 'authorization_code') {
    return {
      status: 400,
      body: {
        error: 'unsupported_grant_type',
        error_description:
          'The authorization grant type is not supported by the authorization server.',
      },
    }
  }
  const code = state.codes.get(param('code') ?? '')
  const verifier = param('code_verifier') ?? ''
  const verified =
    !code?.codeChallenge ||
    createHash('sha256').update(verifier).digest('base64url') === code.codeChallenge
  if (
    !code ||
    code.used ||
    code.clientId !== clientId ||
    code.redirectUri !== param('redirect_uri') ||
    !verified
  ) {
    return {
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description:
          'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
      },
    }
  }
  code.used = true
  const accessToken = randomToken()
  state.tokens.set(accessToken, {
    accountId: code.accountId,
    clientId,
    scopes: code.scopes,
    revoked: false,
  })
  return {
    status: 200,
    body: {
      access_token: accessToken,
      token_type: 'Bearer',
      scope: code.scopes.join(' '),
      created_at: Math.floor(state.now() / 1000),
    },
  }
}

export async function revoke(state: FakeMastodonState, request: FakeRequest): Promise<FakeReply> {
  const params = await readParams(request)
  const stored = state.tokens.get(params.get('token')?.[0] ?? '')
  if (stored) stored.revoked = true
  return { status: 200, body: {} }
}
