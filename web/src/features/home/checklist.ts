import type { Workspace } from '../../api/types.js'
import { timeZoneConfirmed } from '../../lib/checklist-memory.js'

export interface ChecklistStep {
  id: 'time-zone' | 'channel' | 'first-post' | 'tracked-link' | 'teammate'
  title: string
  description: string
  /** Path inside the workspace. */
  path: string
  action: string
  /** `null` while it cannot be known yet. */
  done: boolean | null
}

export interface ChecklistFacts {
  workspace: Workspace
  memberCount: number | undefined
  pendingInvitationCount: number | undefined
  /** Connected channels; undefined while loading. */
  channelCount?: number | undefined
  /** Whether any post was ever scheduled or published. */
  hasScheduledPost?: boolean | undefined
  /** Whether any tracked link exists, archived ones included. */
  hasLink?: boolean | undefined
}

/** Done, not done, or `null` while the answer is loading. */
const known = (value: boolean | undefined): boolean | null => (value === undefined ? null : value)

/** The first-run checklist from product.md: each step ticks itself from the API's answers. */
export function checklistSteps({
  workspace,
  memberCount,
  pendingInvitationCount,
  channelCount,
  hasScheduledPost,
  hasLink,
}: ChecklistFacts): ChecklistStep[] {
  const timeZoneSet = workspace.time_zone !== 'UTC' || timeZoneConfirmed(workspace.id)
  const teammateInvited =
    (memberCount !== undefined && memberCount > 1) ||
    (pendingInvitationCount !== undefined && pendingInvitationCount > 0)
  const teammateKnown = memberCount !== undefined || pendingInvitationCount !== undefined

  return [
    {
      id: 'time-zone',
      title: 'Set your time zone',
      description: `Posts go out and days are counted in ${workspace.time_zone.replaceAll('_', ' ')}. Check it is right.`,
      path: 'settings/general',
      action: 'Check time zone',
      done: timeZoneSet,
    },
    {
      id: 'channel',
      title: 'Connect a channel',
      description: 'Link the social accounts or Pages your business posts to.',
      path: 'settings/channels',
      action: 'Connect a channel',
      done: channelCount === undefined ? null : channelCount > 0,
    },
    {
      id: 'first-post',
      title: 'Write and schedule your first post',
      description: 'Write it once; Murmur adapts it to each channel and posts it on time.',
      path: 'compose',
      action: 'Write a post',
      done: known(hasScheduledPost),
    },
    {
      id: 'tracked-link',
      title: 'Add a tracked link',
      description: 'A short link shows which posts bring visitors and customers.',
      path: 'links',
      action: 'Add a link',
      done: known(hasLink),
    },
    {
      id: 'teammate',
      title: 'Invite a teammate',
      description: 'Share the work: invite someone to write, reply or just watch.',
      path: 'settings/members',
      action: 'Invite a teammate',
      done: teammateInvited ? true : teammateKnown ? false : null,
    },
  ]
}
