/** Mastodon's entities (Account, Status, MediaAttachment, Notification) as its docs show them. */
import twitterText from 'twitter-text'
import type {
  FakeMastodonAccount,
  FakeMastodonMedia,
  FakeMastodonNotification,
  FakeMastodonState,
  FakeMastodonStatus,
} from './fake-mastodon-state.js'

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/**
 * The HTML Mastodon's formatter makes of plain text: paragraphs, `<br />`, links with the scheme
 * and the tail of long URLs in invisible spans, and h-card mentions of known accounts.
 */
export function renderContent(state: FakeMastodonState, baseUrl: string, text: string): string {
  const urls = twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })
  let html = ''
  let cursor = 0
  const linkify = (plain: string) =>
    escapeHtml(plain).replace(
      /(^|[^\w/])@([a-z0-9_]+)/gi,
      (whole, before: string, name: string) => {
        const account = state.accountByUsername(name)
        if (!account) return whole
        return `${before}<span class="h-card" translate="no"><a href="${baseUrl}/@${account.username}" class="u-url mention">@<span>${account.username}</span></a></span>`
      },
    )
  for (const url of urls) {
    html += linkify(text.slice(cursor, url.indices[0]))
    const scheme = /^[a-z]+:\/\//i.exec(url.url)?.[0] ?? ''
    const rest = url.url.slice(scheme.length)
    const shown = rest.slice(0, 30)
    html += `<a href="${escapeHtml(url.url)}" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">${escapeHtml(scheme)}</span><span class="${rest.length > 30 ? 'ellipsis' : ''}">${escapeHtml(shown)}</span><span class="invisible">${escapeHtml(rest.slice(30))}</span></a>`
    cursor = url.indices[1]
  }
  html += linkify(text.slice(cursor))
  return html
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.replaceAll('\n', '<br />')}</p>`)
    .join('')
}

export function renderAccount(
  baseUrl: string,
  account: FakeMastodonAccount,
): Record<string, unknown> {
  const host = new URL(baseUrl).host
  return {
    id: account.id,
    username: account.username,
    acct: account.domain ? `${account.username}@${account.domain}` : account.username,
    display_name: account.displayName,
    locked: false,
    bot: false,
    discoverable: true,
    group: false,
    created_at: '2024-01-01T00:00:00.000Z',
    note: '',
    url: account.domain
      ? `https://${account.domain}/@${account.username}`
      : `${baseUrl}/@${account.username}`,
    uri: `https://${account.domain ?? host}/users/${account.username}`,
    avatar: `${baseUrl}/avatars/original/missing.png`,
    avatar_static: `${baseUrl}/avatars/original/missing.png`,
    header: `${baseUrl}/headers/original/missing.png`,
    header_static: `${baseUrl}/headers/original/missing.png`,
    followers_count: account.followers ?? 0,
    following_count: 0,
    statuses_count: 0,
    last_status_at: null,
    emojis: [],
    fields: [],
  }
}

export function renderMedia(baseUrl: string, media: FakeMastodonMedia): Record<string, unknown> {
  const ready = media.pollsLeft <= 0
  const extension = media.mimeType.split('/')[1] ?? 'bin'
  return {
    id: media.id,
    type: media.mimeType.startsWith('video/')
      ? 'video'
      : media.mimeType === 'image/gif'
        ? 'gifv'
        : 'image',
    url: ready
      ? `${baseUrl}/system/media_attachments/files/${media.id}/original/file.${extension}`
      : null,
    preview_url: `${baseUrl}/system/media_attachments/files/${media.id}/small/file.${extension}`,
    remote_url: null,
    text_url: null,
    meta: {},
    description: media.description,
    blurhash: 'UFBWY:8_0Jxv4mx]t8t64.%M-:IUWY%MRPM{',
  }
}

export function renderStatus(
  state: FakeMastodonState,
  baseUrl: string,
  status: FakeMastodonStatus,
  depth = 0,
): Record<string, unknown> {
  const account = state.accounts.get(status.accountId)
  const quoted = status.quotedId ? state.liveStatus(status.quotedId) : undefined
  return {
    id: status.id,
    created_at: status.createdAt,
    in_reply_to_id: status.inReplyToId ?? null,
    in_reply_to_account_id: status.inReplyToAccountId ?? null,
    sensitive: false,
    spoiler_text: '',
    visibility: status.visibility,
    language: status.language,
    uri: `${baseUrl}/users/${account?.username}/statuses/${status.id}`,
    url: `${baseUrl}/@${account?.username}/${status.id}`,
    replies_count: status.repliesCount,
    reblogs_count: status.reblogsCount,
    favourites_count: status.favouritesCount,
    quotes_count: status.quotesCount,
    edited_at: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    content: renderContent(state, baseUrl, status.text),
    filtered: [],
    reblog: null,
    application: { name: 'Murmur', website: null },
    account: account ? renderAccount(baseUrl, account) : null,
    media_attachments: status.mediaIds.flatMap((id) => {
      const media = state.media.get(id)
      return media ? [renderMedia(baseUrl, media)] : []
    }),
    mentions: [],
    tags: [],
    emojis: [],
    quote:
      quoted && depth === 0
        ? { state: 'accepted', quoted_status: renderStatus(state, baseUrl, quoted, depth + 1) }
        : null,
    card: null,
    poll: null,
  }
}

export function renderNotification(
  state: FakeMastodonState,
  baseUrl: string,
  notification: FakeMastodonNotification,
): Record<string, unknown> {
  const account = state.accounts.get(notification.accountId)
  const status = notification.statusId ? state.statuses.get(notification.statusId) : undefined
  return {
    id: notification.id,
    type: notification.type,
    created_at: notification.createdAt,
    group_key: `ungrouped-${notification.id}`,
    account: account ? renderAccount(baseUrl, account) : null,
    ...(status && { status: renderStatus(state, baseUrl, status) }),
  }
}
