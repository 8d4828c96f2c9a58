import { emailConfigured, enqueueEmail } from '../email/outbox.js'
import type { Murmur } from '../murmur.js'
import { html } from '../pages/html.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { findWorkspace } from './workspaces.js'

export interface MemberEmail {
  subject: string
  /** Paragraphs of plain text; user-written text is escaped in the HTML part. */
  paragraphs: string[]
  /** The button: where in Murmur to act. */
  action: { label: string; path: string }
}

/**
 * Emails members about something that needs them (approvals), beside the in-app notification:
 * one email per member, so nobody sees the others' addresses. Nothing happens when the workspace
 * has no mail server. Queued in the outbox: the caller never waits for a mail server.
 */
export async function emailMembers(
  murmur: Murmur,
  scope: WorkspaceScope,
  userIds: Array<string | null>,
  kind: string,
  email: MemberEmail,
): Promise<number> {
  const ids = [...new Set(userIds.filter((id): id is string => Boolean(id)))]
  if (ids.length === 0 || !(await emailConfigured(murmur, scope))) return 0
  const members = await scope
    .selectFrom('members')
    .innerJoin('users', 'users.id', 'members.user_id')
    .select(['users.email', 'users.name'])
    .where('members.user_id', 'in', ids)
    .execute()
  const workspace = await findWorkspace(murmur, scope.workspaceId)
  const url = `${murmur.config.publicUrl}/w/${scope.workspaceId}${email.action.path}`
  const footer = `You receive this as a member of ${workspace?.name ?? 'a Murmur workspace'}.`
  for (const member of members) {
    await enqueueEmail(murmur, scope, kind, {
      to: [member.email],
      subject: email.subject,
      text: [
        `Hello ${member.name},`,
        '',
        ...email.paragraphs.flatMap((p) => [p, '']),
        `${email.action.label}: ${url}`,
        '',
        footer,
      ].join('\n'),
      html: html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${email.subject}</title></head>
<body style="font:14px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#212529;max-width:600px;margin:0 auto;padding:16px">
<p>Hello ${member.name},</p>
${email.paragraphs.map((p) => html`<p style="white-space:pre-wrap">${p}</p>`)}
<p style="margin:20px 0"><a href="${url}" style="background:#4c6ef5;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">${email.action.label}</a></p>
<p style="color:#868e96;font-size:12px">${footer}</p>
</body></html>`.text,
    })
  }
  return members.length
}
