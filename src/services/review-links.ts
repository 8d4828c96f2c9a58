import { canApprove } from '../core/approvals/rules.js'
import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type { ReviewDecision } from '../storage/tables/team-workflow.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { getApprovalSettings } from './approval-gate.js'
import { channelLabel, requireChannel } from './channels.js'
import { membersWithRoles, notify } from './notifications.js'
import type { PostContent } from './post-content.js'
import { effectiveContent, getPost } from './post-views.js'

/**
 * Client review links: a public address that shows a post's previews to someone without an
 * account, who approves it or asks for changes under their name. The token is the link id,
 * workspace and expiry sealed with the master key (AES-GCM: unreadable and tamper-proof); the
 * row can be revoked, and expiry is checked against the row too, so neither can be stretched.
 * The answer is recorded and told to the post's author and the approvers; it does not publish
 * anything by itself.
 */
export const REVIEW_LINK_DEFAULT_DAYS = 7
export const REVIEW_LINK_MAX_DAYS = 30
const DAY = 24 * 3_600_000

export interface ReviewLinkView {
  id: string
  post_id: string
  note: string | null
  created_at: number
  expires_at: number
  revoked_at: number | null
}

export interface ReviewResponseView {
  id: string
  review_link_id: string
  reviewer_name: string
  decision: ReviewDecision
  comment: string | null
  created_at: number
}

export type ReviewLinkProblem = 'invalid' | 'expired' | 'revoked'

const num = (value: number | null) => (value === null ? null : Number(value))
const linkView = (row: ReviewLinkView): ReviewLinkView => ({
  ...row,
  created_at: Number(row.created_at),
  expires_at: Number(row.expires_at),
  revoked_at: num(row.revoked_at),
})

export function reviewUrl(murmur: Murmur, token: string): string {
  return `${murmur.config.publicUrl}/review/${token}`
}

export async function createReviewLink(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  input: { days?: number | undefined; note?: string | null | undefined },
  createdBy: string | null,
): Promise<{ link: ReviewLinkView; url: string }> {
  await getPost(scope, postId)
  const days = input.days ?? REVIEW_LINK_DEFAULT_DAYS
  if (!Number.isInteger(days) || days < 1 || days > REVIEW_LINK_MAX_DAYS) {
    throw invalid(`A review link lasts 1 to ${REVIEW_LINK_MAX_DAYS} days.`, [
      { path: 'days', message: 'Out of range' },
    ])
  }
  const now = murmur.now()
  const row = {
    id: newId('rvl', now),
    post_id: postId,
    note: input.note?.trim() || null,
    created_by: createdBy,
    created_at: now,
    expires_at: now + days * DAY,
    revoked_at: null,
  }
  await scope.insertInto('review_links', row).execute()
  const token = murmur.secrets.seal(
    JSON.stringify({ l: row.id, w: scope.workspaceId, x: row.expires_at }),
  )
  return { link: linkView(row), url: reviewUrl(murmur, token) }
}

export async function listReviewLinks(
  scope: WorkspaceScope,
  postId: string,
): Promise<{ links: ReviewLinkView[]; responses: ReviewResponseView[] }> {
  await getPost(scope, postId)
  const links = await scope
    .selectFrom('review_links')
    .select(['id', 'post_id', 'note', 'created_at', 'expires_at', 'revoked_at'])
    .where('post_id', '=', postId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const responses = await scope
    .selectFrom('review_responses')
    .select(['id', 'review_link_id', 'reviewer_name', 'decision', 'comment', 'created_at'])
    .where('post_id', '=', postId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return {
    links: links.map(linkView),
    responses: responses.map((r) => ({ ...r, created_at: Number(r.created_at) })),
  }
}

export async function revokeReviewLink(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  linkId: string,
): Promise<void> {
  const result = await scope
    .updateTable('review_links')
    .set({ revoked_at: murmur.now() })
    .where('id', '=', linkId)
    .where('post_id', '=', postId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) {
    const exists = await scope
      .selectFrom('review_links')
      .select('id')
      .where('id', '=', linkId)
      .where('post_id', '=', postId)
      .executeTakeFirst()
    if (!exists) throw notFound('Review link')
  }
}

export interface ReviewPreview {
  channel: string
  network: string
  content: PostContent
}

export interface OpenedReview {
  scope: WorkspaceScope
  link: ReviewLinkView
  workspaceName: string
  previews: ReviewPreview[]
  responses: ReviewResponseView[]
}

/** Opens a token: the link, its post's previews per channel, and earlier answers; or why not. */
export async function openReviewLink(
  murmur: Murmur,
  token: string,
): Promise<OpenedReview | ReviewLinkProblem> {
  let claims: { l?: unknown; w?: unknown; x?: unknown }
  try {
    claims = JSON.parse(murmur.secrets.open(token))
  } catch {
    return 'invalid'
  }
  if (typeof claims.l !== 'string' || typeof claims.w !== 'string') return 'invalid'
  const scope = new WorkspaceScope(murmur.db, claims.w)
  const row = await scope
    .selectFrom('review_links')
    .select(['id', 'post_id', 'note', 'created_at', 'expires_at', 'revoked_at'])
    .where('id', '=', claims.l)
    .executeTakeFirst()
  if (!row) return 'invalid'
  const link = linkView(row)
  if (link.revoked_at !== null) return 'revoked'
  if (murmur.now() >= link.expires_at) return 'expired'
  let post: Awaited<ReturnType<typeof getPost>>
  try {
    post = await getPost(scope, link.post_id)
  } catch {
    return 'revoked'
  }
  const previews: ReviewPreview[] = []
  for (const delivery of post.deliveries) {
    const channel = await requireChannel(scope, delivery.channel_id)
    previews.push({
      channel: channelLabel(channel),
      network: channel.network,
      content: effectiveContent(post, delivery),
    })
  }
  const workspace = await murmur.db
    .selectFrom('workspaces')
    .select('name')
    .where('id', '=', claims.w)
    .executeTakeFirst()
  const { responses } = await listReviewLinks(scope, link.post_id)
  return {
    scope,
    link,
    workspaceName: workspace?.name ?? '',
    previews,
    responses: responses.filter((r) => r.review_link_id === link.id),
  }
}

export const MAX_REVIEWER_NAME = 120
export const MAX_REVIEW_COMMENT = 2_000

/** Records a reviewer's answer and tells the post's author and the approvers. */
export async function answerReview(
  murmur: Murmur,
  opened: OpenedReview,
  input: { name: string; decision: ReviewDecision; comment: string | null },
): Promise<ReviewResponseView> {
  const now = murmur.now()
  const { scope, link } = opened
  const response = {
    id: newId('rvr', now),
    review_link_id: link.id,
    post_id: link.post_id,
    reviewer_name: input.name,
    decision: input.decision,
    comment: input.comment,
    created_at: now,
  }
  await scope.insertInto('review_responses', response).execute()
  const post = await scope
    .selectFrom('posts')
    .select('created_by')
    .where('id', '=', link.post_id)
    .executeTakeFirst()
  const settings = await getApprovalSettings(scope)
  const approvers = await membersWithRoles(
    scope,
    settings.approver_roles.filter((role) => canApprove(role, settings.roles)),
  )
  await notify(
    scope,
    [post?.created_by ?? null, ...approvers],
    {
      kind: 'review.answered',
      postId: link.post_id,
      title:
        input.decision === 'approved'
          ? `${input.name} approved the post (review link)`
          : `${input.name} asks for changes (review link)`,
      body: input.comment,
    },
    now,
  )
  return response
}
