import {
  Alert,
  Anchor,
  Box,
  Button,
  Card,
  EmptyState,
  Grid,
  Group,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core'
import { IconInfoCircle, IconPlugConnected } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useChannels } from '../../api/channels.js'
import { get, seg } from '../../api/client.js'
import { useCreatePost, usePost, useSchedulePost, useUpdatePost } from '../../api/posts.js'
import type { Channel, ChannelCheck, Media, Post, When } from '../../api/publishing-types.js'
import { workspaceKey } from '../../api/workspaces.js'
import { useCan, useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { channelLabel, NETWORKS } from '../../lib/networks.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { dayKeyOf, formatInZone, toInstant, zoneLabel } from '../../lib/zoned-time.js'
import { ApprovalPanel } from '../approvals/approval-panel.js'
import { ChannelLimits } from './channel-limits.js'
import { ChannelPicker } from './channel-picker.js'
import { ChecksPanel } from './checks-panel.js'
import {
  type ComposeState,
  cloneContent,
  type DraftContent,
  emptyState,
  fromPost,
  isStateBlank,
  mediaIdsOf,
  toApiChannels,
  toApiContent,
} from './compose-model.js'
import { ContentEditor } from './content-editor.js'
import { NetworkPreview } from './network-preview.js'
import { ScheduleActions, type SubmitKind } from './schedule-actions.js'
import { useValidation } from './use-validation.js'

const EDITABLE = new Set(['draft', 'needs_approval', 'scheduled', 'failed'])

export default function ComposePage() {
  const workspace = useCurrentWorkspace()
  const [params] = useSearchParams()
  const postId = params.get('post')
  const channels = useChannels(workspace.id)
  const existing = usePost(workspace.id, postId)
  const media = useQuery({
    queryKey: [...workspaceKey(workspace.id), 'compose-media', postId],
    queryFn: async () => {
      const ids = existing.data ? mediaIdsOf(existing.data) : []
      const items = await Promise.all(
        ids.map((id) => get<Media>(`/api/v1/workspaces/${seg(workspace.id)}/media/${seg(id)}`)),
      )
      return new Map(items.map((item) => [item.id, item]))
    },
    enabled: Boolean(existing.data),
    staleTime: Number.POSITIVE_INFINITY,
  })

  const title = postId ? 'Edit post' : 'Compose'
  if (channels.isPending || (postId && (existing.isPending || media.isPending))) {
    return (
      <Stack>
        <PageHeader title={title} />
        <SectionLoader label="Loading the composer" />
      </Stack>
    )
  }
  if (channels.isError || existing.isError || media.isError) {
    const error = channels.error ?? existing.error ?? media.error
    return (
      <Stack>
        <PageHeader title={title} />
        <ErrorState
          error={error}
          onRetry={() => (channels.isError ? channels.refetch() : existing.refetch())}
        />
      </Stack>
    )
  }
  if (channels.data.length === 0) return <NoChannels />
  return (
    <Composer
      // A new post, or another post opened: start from a clean state.
      key={postId ?? 'new'}
      channels={channels.data}
      post={postId ? (existing.data ?? null) : null}
      mediaById={media.data ?? new Map()}
    />
  )
}

function NoChannels() {
  const workspace = useCurrentWorkspace()
  const canManage = useCan('channels.manage')
  return (
    <Stack gap="lg">
      <PageHeader title="Compose" />
      <Card withBorder radius="md" padding="xl">
        <EmptyState
          variant="light"
          icon={<IconPlugConnected size={28} aria-hidden />}
          title="Connect a channel to start writing"
          description="Write a post once and Murmur adapts it to each account you connect, with a preview of how it will look."
        >
          <Group justify="center" mt="md">
            {canManage ? (
              <Button component={Link} to={workspaceHref(workspace.id, 'settings/channels')}>
                Connect a channel
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                Ask an admin of {workspace.name} to connect one.
              </Text>
            )}
          </Group>
        </EmptyState>
      </Card>
    </Stack>
  )
}

function Composer({
  channels,
  post,
  mediaById,
}: {
  channels: Channel[]
  post: Post | null
  mediaById: Map<string, Media>
}) {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const navigate = useNavigate()
  const [state, setState] = useState<ComposeState>(() => {
    if (post) return fromPost(post, mediaById)
    const initial = emptyState()
    // With one channel, or one still active among several, pick it for the user.
    const active = channels.filter((channel) => channel.status === 'active')
    initial.selected =
      channels.length === 1
        ? [channels[0]?.id ?? '']
        : active.length === 1
          ? [active[0]?.id ?? '']
          : []
    return initial
  })
  const [tab, setTab] = useState<string>('shared')
  const [busy, setBusy] = useState<SubmitKind | null>(null)
  const create = useCreatePost(workspace.id)
  const update = useUpdatePost(workspace.id)
  const schedule = useSchedulePost(workspace.id)
  const validation = useValidation(workspace.id, state)

  const byId = useMemo(() => new Map(channels.map((channel) => [channel.id, channel])), [channels])
  const selectedChannels = state.selected.flatMap((id) => {
    const channel = byId.get(id)
    return channel ? [channel] : []
  })
  const checks = useMemo(
    () =>
      new Map<string, ChannelCheck>(
        (validation.data?.channels ?? []).map((check) => [check.channel_id, check]),
      ),
    [validation.data],
  )

  // A removed channel's tab goes away with it.
  useEffect(() => {
    if (tab !== 'shared' && !state.selected.includes(tab)) setTab('shared')
  }, [state.selected, tab])

  const locked = post
    ? post.deliveries.length > 0 && post.deliveries.every((d) => !EDITABLE.has(d.state))
    : false
  const readOnly = !canWrite || locked
  const pristine = isStateBlank(state)
  const hasErrors = validation.data ? !validation.data.ok : false
  const stale = validation.isFetching || validation.isPlaceholderData
  const alreadyScheduled = post?.deliveries.some((d) => d.state === 'scheduled') ?? false
  const scheduledAt = post
    ? toInstant(post.deliveries.find((d) => d.scheduled_at)?.scheduled_at)
    : null
  const previewWhen = scheduledAt
    ? formatInZone(scheduledAt, workspace.time_zone, { month: 'short', day: 'numeric' })
    : 'now'

  const setShared = (change: (content: DraftContent) => DraftContent) =>
    setState((current) => ({ ...current, shared: change(current.shared) }))
  const setVariant = (channelId: string) => (change: (content: DraftContent) => DraftContent) =>
    setState((current) => {
      const base = current.variants[channelId]
      return base
        ? { ...current, variants: { ...current.variants, [channelId]: change(base) } }
        : current
    })

  async function submit(kind: SubmitKind, at?: number) {
    if (state.selected.length === 0) {
      notifyError(new Error('Choose at least one channel to post to.'), 'No channel chosen')
      return
    }
    const when: When | undefined =
      kind === 'draft'
        ? undefined
        : kind === 'at'
          ? { type: 'at', at: new Date(at ?? 0).toISOString() }
          : { type: kind }
    const input = { content: toApiContent(state.shared), channels: toApiChannels(state) }
    setBusy(kind)
    try {
      let saved: Post
      if (!post) {
        saved = await create.mutateAsync({ ...input, ...(when && { schedule: when }) })
      } else {
        saved = await update.mutateAsync({ postId: post.id, ...input })
        if (when) saved = await schedule.mutateAsync({ postId: post.id, when })
      }
      announce(kind, saved)
      if (kind === 'draft') {
        if (!post)
          navigate(
            `${workspaceHref(workspace.id, 'compose')}?post=${encodeURIComponent(saved.id)}`,
            { replace: true },
          )
      } else {
        const first =
          toInstant(saved.deliveries.find((d) => d.scheduled_at)?.scheduled_at) ?? Date.now()
        navigate(
          `${workspaceHref(workspace.id, 'calendar')}?date=${dayKeyOf(first, workspace.time_zone)}`,
        )
      }
    } catch (error) {
      notifyError(
        error,
        kind === 'draft' ? 'The draft was not saved' : 'The post was not scheduled',
      )
    } finally {
      setBusy(null)
    }
  }

  function announce(kind: SubmitKind, saved: Post) {
    const names = saved.deliveries
      .map((d) => byId.get(d.channel_id))
      .filter((c): c is Channel => Boolean(c))
      .map(channelLabel)
      .join(', ')
    if (kind === 'draft') {
      return alreadyScheduled
        ? notifySuccess('It goes out as planned, with the new text.', 'Changes saved')
        : notifySuccess('You can finish it later from the calendar’s list.', 'Draft saved')
    }
    if (saved.deliveries.some((d) => d.state === 'needs_approval')) {
      return notifySuccess(
        'Approvers were told; it goes out at its time once approved.',
        'Waiting for approval',
      )
    }
    if (kind === 'now') return notifySuccess(`Publishing now on ${names}.`, 'On its way')
    const times = saved.deliveries
      .map((d) => toInstant(d.scheduled_at))
      .filter((t): t is number => t !== null)
    const first = times.length ? Math.min(...times) : null
    notifySuccess(
      `${names}: ${first !== null ? formatInZone(first, workspace.time_zone) : 'soon'}, ${workspace.time_zone.replaceAll('_', ' ')} time.`,
      kind === 'queue' ? 'Added to the queue' : 'Scheduled',
    )
  }

  const sharedTargets = selectedChannels
    .filter((channel) => !state.variants[channel.id])
    .map((channel) => ({
      channelId: channel.id,
      network: channel.network,
      label: channelLabel(channel),
    }))

  return (
    <Stack gap="lg">
      <PageHeader
        title={post ? 'Edit post' : 'Compose'}
        description={`Write once; adjust for each channel if you like. Times are in ${zoneLabel(workspace.time_zone)}.`}
        actions={
          post ? (
            <Button component={Link} to={workspaceHref(workspace.id, 'compose')} variant="default">
              New post
            </Button>
          ) : undefined
        }
      />
      {!canWrite && (
        <Alert variant="light" icon={<IconInfoCircle size={18} aria-hidden />}>
          Viewers can look but not post. Ask an admin for the editor role to write posts.
        </Alert>
      )}
      {locked && (
        <Alert
          variant="light"
          icon={<IconInfoCircle size={18} aria-hidden />}
          title="Already on its way"
        >
          This post has been published (or is being published) on every channel, so its text can no
          longer change here.
        </Alert>
      )}
      {post && <ApprovalPanel post={post} />}

      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <ChannelPicker
              channels={channels}
              selected={state.selected}
              onChange={(selected) => setState((current) => ({ ...current, selected }))}
              disabled={readOnly}
            />
            <ChannelLimits workspaceId={workspace.id} channels={selectedChannels} />

            <Tabs value={tab} onChange={(value) => setTab(value ?? 'shared')} keepMounted={false}>
              <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
                <Tabs.Tab value="shared">All channels</Tabs.Tab>
                {selectedChannels.map((channel) => {
                  const network = NETWORKS[channel.network]
                  return (
                    <Tabs.Tab
                      key={channel.id}
                      value={channel.id}
                      leftSection={<network.icon size={14} aria-hidden />}
                      rightSection={
                        state.variants[channel.id] ? (
                          <Text size="xs" c="indigo" fw={700} aria-label="(own version)">
                            •
                          </Text>
                        ) : undefined
                      }
                    >
                      @{channel.handle}
                    </Tabs.Tab>
                  )
                })}
              </Tabs.List>
              <Box pt="md">
                <Tabs.Panel value="shared">
                  <ContentEditor
                    workspaceId={workspace.id}
                    idPrefix="shared"
                    content={state.shared}
                    onChange={setShared}
                    targets={sharedTargets}
                    checks={checks}
                    disabled={readOnly}
                  />
                </Tabs.Panel>
                {selectedChannels.map((channel) => (
                  <Tabs.Panel key={channel.id} value={channel.id}>
                    <VariantPanel
                      channel={channel}
                      variant={state.variants[channel.id]}
                      readOnly={readOnly}
                      onCustomise={() =>
                        setState((current) => ({
                          ...current,
                          variants: {
                            ...current.variants,
                            [channel.id]: cloneContent(current.shared),
                          },
                        }))
                      }
                      onReset={() =>
                        setState((current) => {
                          const { [channel.id]: _dropped, ...rest } = current.variants
                          return { ...current, variants: rest }
                        })
                      }
                    >
                      {state.variants[channel.id] && (
                        <ContentEditor
                          workspaceId={workspace.id}
                          idPrefix={`variant-${channel.id}`}
                          content={state.variants[channel.id] as DraftContent}
                          onChange={setVariant(channel.id)}
                          targets={[
                            {
                              channelId: channel.id,
                              network: channel.network,
                              label: channelLabel(channel),
                            },
                          ]}
                          checks={checks}
                          disabled={readOnly}
                        />
                      )}
                    </VariantPanel>
                  </Tabs.Panel>
                ))}
              </Box>
            </Tabs>

            <Box style={{ opacity: stale ? 0.75 : 1, transition: 'opacity 120ms' }}>
              <ChecksPanel
                validation={validation.data}
                error={validation.error}
                pristine={pristine}
                channelCount={state.selected.length}
              />
            </Box>

            {!readOnly && (
              <Card withBorder radius="md" padding="md">
                <ScheduleActions
                  workspaceId={workspace.id}
                  timeZone={workspace.time_zone}
                  channels={selectedChannels}
                  blocked={hasErrors}
                  pristine={pristine}
                  saveLabel={alreadyScheduled ? 'Save changes' : 'Save draft'}
                  busy={busy}
                  onSubmit={submit}
                  initialAt={scheduledAt}
                />
              </Card>
            )}
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack
            gap="sm"
            component="section"
            aria-labelledby="previews-title"
            pos="sticky"
            top={76}
          >
            <Title order={2} size="h5" id="previews-title">
              Previews
            </Title>
            {selectedChannels.length === 0 ? (
              <Text size="sm" c="dimmed">
                Choose a channel to see how the post will look there.
              </Text>
            ) : (
              selectedChannels.map((channel) => (
                <NetworkPreview
                  key={channel.id}
                  channel={channel}
                  content={state.variants[channel.id] ?? state.shared}
                  when={previewWhen}
                />
              ))
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  )
}

function VariantPanel({
  channel,
  variant,
  readOnly,
  onCustomise,
  onReset,
  children,
}: {
  channel: Channel
  variant: DraftContent | undefined
  readOnly: boolean
  onCustomise: () => void
  onReset: () => void
  children: React.ReactNode
}) {
  if (!variant) {
    return (
      <Card withBorder radius="md" padding="md" bg="var(--mantine-color-default-hover)">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">
            {channelLabel(channel)} publishes the text of <b>All channels</b>.
          </Text>
          {!readOnly && (
            <Button size="xs" variant="light" onClick={onCustomise}>
              Write a different version for @{channel.handle}
            </Button>
          )}
        </Stack>
      </Card>
    )
  }
  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="xs">
        <Text size="sm" c="dimmed">
          Only {channelLabel(channel)} publishes this version.
        </Text>
        {!readOnly && (
          <Anchor component="button" type="button" size="sm" onClick={onReset}>
            Use the shared text again
          </Anchor>
        )}
      </Group>
      {children}
    </Stack>
  )
}
