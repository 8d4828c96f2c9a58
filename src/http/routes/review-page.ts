import { html, paragraphs, raw, type SafeHtml } from '../../pages/html.js'
import {
  MAX_REVIEW_COMMENT,
  MAX_REVIEWER_NAME,
  type OpenedReview,
  type ReviewLinkProblem,
} from '../../services/review-links.js'

/**
 * The client review page: server-rendered, every value escaped by html``, no script. Its CSP
 * allows only inline styles and posting the form back to itself.
 */
export const REVIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

const STYLE = raw(`
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
main{max-width:640px;margin:0 auto;padding:24px 16px}
h1{font-size:1.4rem;margin:0 0 4px}
.muted{color:#5b6470;font-size:.9rem}
.card{background:#fff;border:1px solid #dde1e6;border-radius:12px;padding:16px;margin:16px 0}
.channel{font-weight:600;margin-bottom:8px}
.part{border-left:3px solid #c9d1da;padding-left:12px;margin:8px 0}
.media{color:#5b6470;font-size:.9rem}
label{display:block;font-weight:600;margin:12px 0 4px}
input[type=text],textarea{width:100%;box-sizing:border-box;padding:8px;border:1px solid #b8c0ca;border-radius:8px;font:inherit}
fieldset{border:0;padding:0;margin:12px 0}
button{font:inherit;padding:10px 16px;border-radius:8px;border:0;background:#2f6fed;color:#fff;cursor:pointer}
.error{color:#b42318;font-weight:600}
`)

function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>${title}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`.text
}

const PROBLEM_TEXT: Record<ReviewLinkProblem, { title: string; text: string }> = {
  invalid: {
    title: 'This review link does not work',
    text: 'The address is incomplete or was changed. Ask for a new link.',
  },
  expired: {
    title: 'This review link has expired',
    text: 'Review links last a limited time. Ask for a new link.',
  },
  revoked: {
    title: 'This review link was withdrawn',
    text: 'The team withdrew this link. Ask them for a new one if you still need it.',
  },
}

export function renderReviewProblem(problem: ReviewLinkProblem): string {
  const { title, text } = PROBLEM_TEXT[problem]
  return layout(title, html`<h1>${title}</h1><p>${text}</p>`)
}

export interface ReviewFormState {
  name: string
  comment: string
  error?: string | undefined
  done?: 'approved' | 'changes_requested' | undefined
}

export function renderReviewPage(opened: OpenedReview, form: ReviewFormState): string {
  const title = `Review a post for ${opened.workspaceName}`
  const previews = opened.previews.map(
    (preview) => html`<section class="card" aria-label="${preview.channel}">
<div class="channel">${preview.channel}</div>
${preview.content.parts.map(
  (part) =>
    html`<div class="part">${paragraphs(part.text)}${
      part.media.length > 0
        ? html`<div class="media">${part.media.length === 1 ? '1 image' : `${part.media.length} images`}${part.media
            .filter((m) => m.alt_text)
            .map((m) => html`: “${m.alt_text ?? ''}”`)}</div>`
        : ''
    }</div>`,
)}
${preview.content.first_comment ? html`<div class="muted">First comment: ${preview.content.first_comment}</div>` : ''}
</section>`,
  )
  const answers = opened.responses.map(
    (r) =>
      html`<li>${r.reviewer_name}: ${r.decision === 'approved' ? 'approved' : 'asked for changes'}${r.comment ? html` — “${r.comment}”` : ''}</li>`,
  )
  const thanks = form.done
    ? html`<p class="card" role="status">Thank you, ${form.name}. ${
        form.done === 'approved' ? 'Your approval was sent' : 'Your request for changes was sent'
      } to the team.</p>`
    : ''
  return layout(
    title,
    html`<h1>${title}</h1>
<p class="muted">How it will look on each channel. Link valid until ${new Date(opened.link.expires_at).toUTCString()}.</p>
${opened.link.note ? html`<p>${opened.link.note}</p>` : ''}
${thanks}
${previews}
${answers.length > 0 ? html`<section class="card"><div class="channel">Answers so far</div><ul>${answers}</ul></section>` : ''}
<form class="card" method="post">
${form.error ? html`<p class="error" role="alert">${form.error}</p>` : ''}
<label for="name">Your name</label>
<input type="text" id="name" name="name" required maxlength="${MAX_REVIEWER_NAME}" value="${form.name}" autocomplete="name">
<label for="comment">Comment</label>
<textarea id="comment" name="comment" rows="4" maxlength="${MAX_REVIEW_COMMENT}">${form.comment}</textarea>
<fieldset><button type="submit" name="decision" value="approved">Approve</button>
<button type="submit" name="decision" value="changes_requested" style="background:#b42318">Ask for changes</button></fieldset>
</form>`,
  )
}
