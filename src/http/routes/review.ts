import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { Murmur } from '../../murmur.js'
import { stripControls } from '../../pages/control-chars.js'
import {
  answerReview,
  createReviewLink,
  listReviewLinks,
  MAX_REVIEW_COMMENT,
  MAX_REVIEWER_NAME,
  openReviewLink,
  REVIEW_LINK_MAX_DAYS,
  type ReviewLinkView,
  revokeReviewLink,
} from '../../services/review-links.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { isCrossSite, readForm } from '../public-form.js'
import { RateLimiter } from '../rate-limiter.js'
import { clientIp } from '../redirect.js'
import { errorResponses, iso, isoOrNull, json, jsonBody, Timestamp } from '../schemas.js'
import { PostParams } from './publishing-schemas.js'
import {
  REVIEW_CSP,
  type ReviewFormState,
  renderReviewPage,
  renderReviewProblem,
} from './review-page.js'

const PROBLEM_STATUS = { invalid: 404, expired: 410, revoked: 410 } as const

function htmlResponse(body: string, status: number): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': REVIEW_CSP,
      // The token is in the address: never cache it, never send it on as a referrer.
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-robots-tag': 'noindex',
    },
  })
}

/**
 * The public review page, `/review/{token}`: GET shows the previews and the form, POST records
 * the answer (same-site form posts only, a few per minute per address).
 */
export function reviewPageRoutes(app: OpenAPIHono<AppEnv>, murmur: Murmur) {
  const answers = new RateLimiter(10, 60_000, () => murmur.now())

  app.get('/review/:token', async (c) => {
    const opened = await openReviewLink(murmur, c.req.param('token'))
    if (typeof opened === 'string') {
      return htmlResponse(renderReviewProblem(opened), PROBLEM_STATUS[opened])
    }
    return htmlResponse(renderReviewPage(opened, { name: '', comment: '' }), 200)
  })

  app.post('/review/:token', async (c: Context) => {
    const opened = await openReviewLink(murmur, c.req.param('token') ?? '')
    if (typeof opened === 'string') {
      return htmlResponse(renderReviewProblem(opened), PROBLEM_STATUS[opened])
    }
    if (isCrossSite(c)) {
      return htmlResponse(
        renderReviewPage(opened, {
          name: '',
          comment: '',
          error: 'Answer from this page itself, please.',
        }),
        403,
      )
    }
    const form = await readForm(c)
    if (typeof form === 'string') {
      return htmlResponse(
        renderReviewPage(opened, { name: '', comment: '', error: 'Send the form as it is.' }),
        form === 'too large' ? 413 : 415,
      )
    }
    const state: ReviewFormState = {
      name: stripControls(form.get('name') ?? '')
        .trim()
        .slice(0, MAX_REVIEWER_NAME),
      comment: stripControls(form.get('comment') ?? '', '\n')
        .trim()
        .slice(0, MAX_REVIEW_COMMENT),
    }
    const decision = form.get('decision')
    if (!state.name) state.error = 'Enter your name, so the team knows who answered.'
    else if (decision !== 'approved' && decision !== 'changes_requested') {
      state.error = 'Choose Approve or Ask for changes.'
    } else if (decision === 'changes_requested' && !state.comment) {
      state.error = 'Say what to change in the comment.'
    }
    if (state.error || (decision !== 'approved' && decision !== 'changes_requested')) {
      return htmlResponse(renderReviewPage(opened, state), 400)
    }
    const ip = clientIp(c)
    if (answers.retryAfter(ip) > 0) {
      return htmlResponse(
        renderReviewPage(opened, { ...state, error: 'Too many answers; wait a minute.' }),
        429,
      )
    }
    answers.hit(ip)
    const response = await answerReview(murmur, opened, {
      name: state.name,
      decision,
      comment: state.comment || null,
    })
    const after = await openReviewLink(murmur, c.req.param('token') ?? '')
    return htmlResponse(
      renderReviewPage(typeof after === 'string' ? opened : after, {
        name: response.reviewer_name,
        comment: '',
        done: decision,
      }),
      200,
    )
  })
}

const ReviewLinkParams = PostParams.extend({
  review_link_id: z
    .string()
    .max(64)
    .openapi({
      param: { name: 'review_link_id', in: 'path' },
      example: 'rvl_01jb3k8x4r2m5n7p9q0s1t2v3w',
    }),
})

const ReviewLinkSchema = z
  .object({
    id: z.string().openapi({ example: 'rvl_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    post_id: z.string(),
    note: z.string().nullable(),
    created_at: Timestamp,
    expires_at: Timestamp,
    revoked_at: Timestamp.nullable(),
  })
  .openapi('ReviewLink')

const ReviewResponseSchema = z
  .object({
    id: z.string(),
    review_link_id: z.string(),
    reviewer_name: z.string(),
    decision: z.enum(['approved', 'changes_requested']),
    comment: z.string().nullable(),
    created_at: Timestamp,
  })
  .openapi('ReviewResponse')

const CreateReviewLinkBody = z
  .strictObject({
    days: z.number().int().min(1).max(REVIEW_LINK_MAX_DAYS).optional(),
    note: z.string().max(500).nullable().optional(),
  })
  .openapi('CreateReviewLink', { example: { days: 7 } })

const presentLink = (link: ReviewLinkView) => ({
  ...link,
  created_at: iso(link.created_at),
  expires_at: iso(link.expires_at),
  revoked_at: isoOrNull(link.revoked_at),
})

/** Review links of a post: make one (its address is shown once), list them with answers, revoke. */
export function reviewLinkRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}/review-links',
      tags: ['Approvals'],
      summary:
        'Make a client review link (editor): a signed public address, valid 1–30 days (7 by default), where someone without an account approves or asks for changes',
      request: { params: PostParams, body: jsonBody(CreateReviewLinkBody) },
      responses: {
        201: json(
          ReviewLinkSchema.extend({ url: z.string() }).openapi('CreatedReviewLink'),
          'Created',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const auth = c.var.auth
      const body = c.req.valid('json')
      const { link, url } = await createReviewLink(
        c.var.murmur,
        access.scope,
        c.req.valid('param').post_id,
        { days: body.days, note: body.note },
        auth?.kind === 'session' ? auth.user.id : null,
      )
      return c.json({ ...presentLink(link), url }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}/review-links',
      tags: ['Approvals'],
      summary: 'A post’s review links and the answers given through them',
      request: { params: PostParams },
      responses: {
        200: json(
          z
            .object({ data: z.array(ReviewLinkSchema), responses: z.array(ReviewResponseSchema) })
            .openapi('ReviewLinkList'),
          'Links and answers',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { links, responses } = await listReviewLinks(
        c.var.workspace.scope,
        c.req.valid('param').post_id,
      )
      return c.json(
        {
          data: links.map(presentLink),
          responses: responses.map((r) => ({ ...r, created_at: iso(r.created_at) })),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}/review-links/{review_link_id}',
      tags: ['Approvals'],
      summary: 'Revoke a review link (editor): its page stops working at once',
      request: { params: ReviewLinkParams },
      responses: { 204: { description: 'Revoked' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const { post_id, review_link_id } = c.req.valid('param')
      await revokeReviewLink(c.var.murmur, access.scope, post_id, review_link_id)
      return c.body(null, 204)
    },
  )
}
