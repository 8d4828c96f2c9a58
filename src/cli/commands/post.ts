import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Command } from 'commander'
import { presentPost } from '../../http/routes/publishing-schemas.js'
import type { Murmur } from '../../murmur.js'
import { type Channel, channelLabel, listChannels } from '../../services/channels.js'
import { deleteMedia, uploadMedia } from '../../services/media.js'
import type { MediaRef } from '../../services/post-content.js'
import type { When } from '../../services/post-schedule.js'
import type { DeliveryView, PostView } from '../../services/post-views.js'
import { getPost } from '../../services/post-views.js'
import { createPost } from '../../services/posts.js'
import { findWorkspaceBySlug, type Workspace } from '../../services/workspaces.js'
import { WorkspaceScope } from '../../storage/workspace-scope.js'
import { withMurmur } from '../context.js'
import { CliError, fail, note, out } from '../output.js'
import { AT_HELP, pairImages, parseAt, resolveChannelRefs } from './post-input.js'
import { publishNow } from './post-publish-now.js'

const collect = (value: string, previous: string[] = []) => [...previous, value]

async function workspaceScope(murmur: Murmur, slug: string) {
  const workspace = await findWorkspaceBySlug(murmur, slug)
  if (!workspace) throw new CliError(`No workspace with slug "${slug}".`)
  return { workspace, scope: new WorkspaceScope(murmur.db, workspace.id) }
}

/** What happened to one delivery, in one line: state, then the address, time or reason. */
function deliveryLine(delivery: DeliveryView, label: string): string {
  const detail =
    delivery.state === 'published'
      ? (delivery.url ?? '')
      : delivery.state === 'scheduled'
        ? `at ${new Date(delivery.next_attempt_at ?? delivery.scheduled_at ?? 0).toISOString()}${delivery.attempts > 0 ? ` (retry ${delivery.attempts + 1})` : ''}`
        : (delivery.error?.message ?? '')
  return [delivery.id, label, delivery.state, detail].filter(Boolean).join('\t')
}

function labelsOf(channels: Channel[]): Map<string, string> {
  return new Map(channels.map((c) => [c.id, channelLabel(c)]))
}

/** The post as the API shows it, each delivery with the channel it goes to. */
function showJson(post: PostView, labels: Map<string, string>) {
  const view = presentPost(post)
  return {
    ...view,
    deliveries: view.deliveries.map((d) => ({ ...d, channel: labels.get(d.channel_id) ?? null })),
  }
}

/** Uploads the files to the media library, deleting them again if anything after fails. */
async function uploadImages(
  murmur: Murmur,
  scope: WorkspaceScope,
  images: Array<{ file: string; alt: string | undefined }>,
): Promise<MediaRef[]> {
  const refs: MediaRef[] = []
  for (const image of images) {
    let bytes: Buffer
    try {
      bytes = await readFile(image.file)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      throw new CliError(
        `Cannot read --image ${image.file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String((error as Error).message)}`,
      )
    }
    try {
      const media = await uploadMedia(murmur, scope, {
        bytes,
        fileName: basename(image.file),
        altText: image.alt,
        createdBy: null,
      })
      refs.push({ media_id: media.id, alt_text: null })
    } catch (error) {
      await forgetMedia(murmur, scope, refs)
      throw new CliError(`--image ${image.file}: ${(error as Error).message}`)
    }
  }
  return refs
}

async function forgetMedia(murmur: Murmur, scope: WorkspaceScope, refs: MediaRef[]) {
  for (const ref of refs) await deleteMedia(murmur, scope, ref.media_id).catch(() => undefined)
}

interface PostOptions {
  workspace?: string
  channel: string[]
  text: string
  image: string[]
  alt: string[]
  at?: string
  label: string[]
  campaign?: string
  json?: boolean
}

async function createFromCli(murmur: Murmur, options: PostOptions & { workspace: string }) {
  const { workspace, scope } = await workspaceScope(murmur, options.workspace)
  const when: When = options.at ? parseAt(options.at, workspace.time_zone) : { type: 'now' }
  const channels = await resolveChannelRefs(scope, options.channel, workspace.slug)
  const images = pairImages(options.image, options.alt)
  const media = await uploadImages(murmur, scope, images)
  let post: PostView
  try {
    // With a time, createPost checks every channel's rules first and saves nothing on a problem.
    post = await createPost(
      murmur,
      scope,
      {
        content: { parts: [{ text: options.text, media }], first_comment: null },
        channels: channels.map((c) => ({ channel_id: c.id })),
        labels: options.label,
        campaign: options.campaign,
      },
      { createdBy: null, when },
    )
  } catch (error) {
    await forgetMedia(murmur, scope, media)
    throw error
  }
  if (when.type === 'now') {
    await publishNow(
      murmur,
      post.deliveries.map((d) => d.id),
    )
    post = await settled(scope, post.id)
  }
  report(post, labelsOf(channels), workspace, options.json === true, when.type === 'now')
}

/** Longest wait for a delivery a running scheduler took first (its network call limit, and more). */
const OTHERS_WAIT_MS = 120_000

/**
 * The post once nothing of it is in progress. A running scheduler may have claimed a delivery
 * before this process could: it is publishing it, so wait for its answer rather than print a
 * state that is about to change.
 */
async function settled(scope: WorkspaceScope, postId: string): Promise<PostView> {
  const deadline = Date.now() + OTHERS_WAIT_MS
  for (;;) {
    const post = await getPost(scope, postId)
    const busy = post.deliveries.some(
      (d) => d.state === 'publishing' || (d.state === 'scheduled' && d.attempts === 0),
    )
    if (!busy || Date.now() > deadline) return post
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

function report(
  post: PostView,
  labels: Map<string, string>,
  workspace: Workspace,
  json: boolean,
  now: boolean,
) {
  if (json) out(JSON.stringify(showJson(post, labels), null, 2))
  else {
    out(post.id)
    for (const d of post.deliveries) out(deliveryLine(d, labels.get(d.channel_id) ?? d.channel_id))
  }
  const later = post.deliveries.filter((d) => d.state === 'scheduled')
  if (later.length > 0 && !now) {
    note(
      `Scheduled; a running \`murmur start\` or \`murmur worker\` publishes it on time (${workspace.time_zone}).`,
    )
  } else if (later.some((d) => d.attempts > 0)) {
    note('The network asked to wait; a running `murmur start` or `murmur worker` tries again.')
  } else if (post.deliveries.some((d) => d.state === 'scheduled' || d.state === 'publishing')) {
    note('Still in progress; see `murmur post show`.')
  }
  const bad = post.deliveries.filter((d) => d.state === 'failed' || d.state === 'unconfirmed')
  for (const d of bad) {
    fail(
      `${labels.get(d.channel_id) ?? d.channel_id}: ${d.state}: ${d.error?.message ?? 'no reason recorded'}`,
    )
  }
  if (bad.length > 0) process.exitCode = 1
}

export function postCommands(program: Command) {
  const post = program
    .command('post')
    .description(
      'Write a post to one or more channels: publish it now, or schedule it with --at.\n' +
        'Prints the post id, then each delivery: id, channel, state, and its address, time or reason.\n' +
        'Every channel is checked against its network rules first; on a problem nothing is saved.\n' +
        'Exit code 1 when a delivery failed or its outcome is unknown.',
    )
    // Not a commander "required" option: that would also demand it before `post show`.
    .option('--workspace <slug>', 'the workspace slug (see Settings > General)')
    .option('--channel <id-or-handle>', 'a channel id or handle; repeat for several', collect, [])
    .option('--text <text>', 'the text of the post')
    .option('--image <file>', 'an image (JPEG, PNG, GIF, WebP); repeat for several', collect, [])
    .option('--alt <text>', 'alt text of the --image before it', collect, [])
    .option('--at <time>', `when to publish (default: now). ${AT_HELP}`)
    .option('--label <label>', 'a label; repeat for several', collect, [])
    .option('--campaign <name>', 'a campaign name for reports')
    .option('--json', 'print the post as JSON instead (like `murmur post show`)')
    .action(async (options: PostOptions) => {
      if (!options.workspace) throw new CliError('Give the workspace with --workspace <slug>.')
      if (options.channel.length === 0) throw new CliError('Give at least one --channel.')
      if (options.text === undefined) throw new CliError('Give the text with --text.')
      const { workspace } = options
      await withMurmur((murmur) => createFromCli(murmur, { ...options, workspace }))
    })

  post
    .command('show')
    .description(
      "A post's state as JSON: each delivery's channel, state, network address (url, remote ids) and error reason",
    )
    .argument('<post-id>', 'the id printed by `murmur post`')
    .option('--workspace <slug>', 'the workspace slug (required)')
    .action(async (postId: string, _options: unknown, command: Command) => {
      // `post` has its own --workspace, which commander gives to the parent when both match.
      const { workspace } = command.optsWithGlobals<{ workspace?: string }>()
      if (!workspace) throw new CliError('Give the workspace with --workspace <slug>.')
      const options = { workspace }
      await withMurmur(async (murmur) => {
        const { scope } = await workspaceScope(murmur, options.workspace)
        const found = await getPost(scope, postId).catch((error) => {
          if ((error as { code?: string }).code === 'not_found') {
            throw new CliError(`No post "${postId}" in ${options.workspace}.`)
          }
          throw error
        })
        out(JSON.stringify(showJson(found, labelsOf(await listChannels(scope))), null, 2))
      })
    })
}
