import '@mantine/dates/styles.css'
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  Image,
  Popover,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core'
import { DatePickerInput, TimeInput } from '@mantine/dates'
import {
  IconAlertCircle,
  IconCalendarTime,
  IconExternalLink,
  IconHelpCircle,
  IconPencil,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import {
  useDeletePost,
  useDeliveryAction,
  useSchedulePost,
  useUnschedulePost,
} from '../../api/posts.js'
import { useCan, useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { ConfirmModal } from '../../components/confirm-modal.js'
import { channelLabel, NETWORKS } from '../../lib/networks.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { dayKeyOf, formatInZone, instantAt, timeOfDay, zoneLabel } from '../../lib/zoned-time.js'
import { ApprovalPanel } from '../approvals/approval-panel.js'
import { ChannelAvatar } from '../channels/channel-avatar.js'
import { type CalendarItem, contentOf, STATE_LOOK } from './calendar-items.js'

interface PostDrawerProps {
  item: CalendarItem | null
  onClose: () => void
  schedulerMessage: string | null
}

export function PostDrawer({ item, onClose, schedulerMessage }: PostDrawerProps) {
  return (
    <Drawer
      opened={item !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={
        item ? (
          <Text fw={600} component="span">
            {item.channel ? channelLabel(item.channel) : 'Post'}
          </Text>
        ) : (
          ''
        )
      }
    >
      {item && <PostDetails item={item} onClose={onClose} schedulerMessage={schedulerMessage} />}
    </Drawer>
  )
}

function PostDetails({
  item,
  onClose,
  schedulerMessage,
}: {
  item: CalendarItem
  onClose: () => void
  schedulerMessage: string | null
}) {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const action = useDeliveryAction(workspace.id)
  const unschedule = useUnschedulePost(workspace.id)
  const remove = useDeletePost(workspace.id)
  const [deleting, setDeleting] = useState(false)
  const [foundUrl, setFoundUrl] = useState('')
  const { post, delivery, channel } = item
  const look = STATE_LOOK[item.state]
  const network = NETWORKS[delivery.network]
  const content = contentOf(post, delivery)
  const tz = workspace.time_zone
  const editable = ['draft', 'needs_approval', 'scheduled', 'failed'].includes(delivery.state)
  const label = channel ? channelLabel(channel) : network.name

  function run(kind: 'retry' | 'confirm' | 'dismiss') {
    action.mutate(
      {
        postId: post.id,
        deliveryId: delivery.id,
        action: kind,
        ...(kind === 'confirm' && foundUrl.trim() && { url: foundUrl.trim() }),
      },
      {
        onSuccess: () =>
          notifySuccess(
            kind === 'retry'
              ? `Publishing again on ${label}.`
              : kind === 'confirm'
                ? `Recorded as published on ${label}.`
                : `Marked as not published on ${label}; retry when you are ready.`,
          ),
        onError: (error) => notifyError(error, 'That did not work'),
      },
    )
  }

  return (
    <Stack gap="md">
      <Group gap="sm" wrap="nowrap">
        {channel && <ChannelAvatar channel={channel} size={40} />}
        <Stack gap={2}>
          <Group gap={6}>
            <Badge
              color={look.color}
              variant="light"
              leftSection={<look.icon size={12} aria-hidden />}
            >
              {look.label}
            </Badge>
            {delivery.via_queue && delivery.state === 'scheduled' && (
              <Badge color="gray" variant="outline">
                From the queue
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {delivery.state === 'draft'
              ? 'Not scheduled'
              : `${delivery.state === 'published' ? 'Published' : 'Scheduled for'} ${formatInZone(item.at, tz)} (${zoneLabel(tz, item.at)})`}
          </Text>
        </Stack>
      </Group>

      {item.state === 'failed' && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertCircle size={18} aria-hidden />}
          title={`${network.name} did not publish it`}
        >
          <Stack gap="xs">
            <Text size="sm">
              {delivery.error?.message ?? 'The network refused the post without saying why.'}
            </Text>
            {canWrite && (
              <Group>
                <Button
                  size="xs"
                  color="red"
                  leftSection={<IconRefresh size={14} aria-hidden />}
                  onClick={() => run('retry')}
                  loading={action.isPending}
                >
                  Retry now
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  component={Link}
                  to={`${workspaceHref(workspace.id, 'compose')}?post=${encodeURIComponent(post.id)}`}
                >
                  Edit first
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      )}

      {item.state === 'unconfirmed' && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconHelpCircle size={18} aria-hidden />}
          title="Was it published?"
        >
          <Stack gap="xs">
            <Text size="sm">
              Murmur sent this post, but {network.name}’s answer was lost on the way, so Murmur
              cannot tell whether it went out. Check{' '}
              {channel ? `@${channel.handle}` : 'the account'} on {network.name}
              {delivery.remote.unconfirmed?.url ? (
                <>
                  {' '}
                  (
                  <Anchor
                    href={delivery.remote.unconfirmed.url}
                    target="_blank"
                    rel="noopener noreferrer"
                    size="sm"
                  >
                    where it would be
                    <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
                  </Anchor>
                  )
                </>
              ) : null}
              , then tell Murmur. Publishing again blindly could post it twice.
            </Text>
            {delivery.error?.message && (
              <Text size="xs" c="dimmed">
                {delivery.error.message}
              </Text>
            )}
            {canWrite && (
              <>
                {!delivery.remote.unconfirmed?.url && (
                  <TextInput
                    size="xs"
                    label="Its address, if you found it (optional)"
                    placeholder={`https://${network.id === 'bluesky' ? 'bsky.app/profile/…' : '…'}`}
                    value={foundUrl}
                    onChange={(event) => setFoundUrl(event.currentTarget.value)}
                  />
                )}
                <Group>
                  <Button
                    size="xs"
                    color="green"
                    onClick={() => run('confirm')}
                    loading={action.isPending && action.variables?.action === 'confirm'}
                  >
                    It was published
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => run('retry')}
                    loading={action.isPending && action.variables?.action === 'retry'}
                  >
                    Publish again
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </Alert>
      )}

      {item.state === 'late' && (
        <Alert color="yellow" variant="light" title="Late">
          <Text size="sm">
            It was due {formatInZone(item.at, tz)} and has not gone out yet. It goes out as soon as
            a scheduler runs.
            {schedulerMessage ? ` Scheduler: ${schedulerMessage}.` : ''}
          </Text>
        </Alert>
      )}

      {delivery.state === 'published' && (
        <Group gap="xs">
          {delivery.url && (
            <Button
              component="a"
              href={delivery.url}
              target="_blank"
              rel="noopener noreferrer"
              variant="light"
              size="xs"
              rightSection={<IconExternalLink size={14} aria-hidden />}
            >
              View on {network.name}
              <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
            </Button>
          )}
          {delivery.late_ms !== null && delivery.late_ms > 60_000 && (
            <Text size="xs" c="dimmed">
              Went out {Math.round(delivery.late_ms / 60_000)} min late: no scheduler was running at
              its time.
            </Text>
          )}
        </Group>
      )}

      <Stack gap="xs">
        {content.parts.map((part, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a saved post's parts do not move here
          <Stack key={index} gap={6}>
            {content.parts.length > 1 && (
              <Text size="xs" c="dimmed" fw={600}>
                Part {index + 1} of {content.parts.length}
              </Text>
            )}
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {part.text || (
                <Text span c="dimmed">
                  (no text)
                </Text>
              )}
            </Text>
            {part.media.length > 0 && (
              <SimpleGrid cols={Math.min(4, part.media.length)} spacing={4}>
                {part.media.map((ref) => (
                  <Image
                    key={ref.media_id}
                    src={`/api/v1/workspaces/${encodeURIComponent(workspace.id)}/media/${encodeURIComponent(ref.media_id)}/thumbnail`}
                    alt={ref.alt_text ?? ''}
                    radius="sm"
                    h={80}
                    fit="cover"
                    fallbackSrc="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"
                  />
                ))}
              </SimpleGrid>
            )}
          </Stack>
        ))}
        {content.first_comment && (
          <Text size="sm" c="dimmed">
            First comment: {content.first_comment}
          </Text>
        )}
      </Stack>

      {delivery.warnings.length > 0 && (
        <Stack gap={2}>
          {delivery.warnings.map((warning) => (
            <Text key={warning.message} size="xs" c="yellow.8">
              {warning.message}
            </Text>
          ))}
        </Stack>
      )}

      {post.deliveries.length > 1 && (
        <Text size="xs" c="dimmed">
          This post also goes to {post.deliveries.length - 1} other{' '}
          {post.deliveries.length === 2 ? 'channel' : 'channels'}.
        </Text>
      )}

      <ApprovalPanel post={post} />

      {canWrite && (
        <>
          <Divider />
          <Group gap="xs">
            {editable && (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPencil size={14} aria-hidden />}
                component={Link}
                to={`${workspaceHref(workspace.id, 'compose')}?post=${encodeURIComponent(post.id)}`}
              >
                Edit
              </Button>
            )}
            {editable && <Reschedule item={item} />}
            {(delivery.state === 'scheduled' || delivery.state === 'needs_approval') && (
              <Button
                size="xs"
                variant="default"
                loading={unschedule.isPending}
                onClick={() =>
                  unschedule.mutate(
                    { postId: post.id, deliveryIds: [delivery.id] },
                    {
                      onSuccess: () =>
                        notifySuccess(
                          `Back to draft: it will not go out on ${label}.`,
                          'Unscheduled',
                        ),
                      onError: (error) => notifyError(error, 'Could not unschedule'),
                    },
                  )
                }
              >
                Unschedule
              </Button>
            )}
            <Button
              size="xs"
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={14} aria-hidden />}
              onClick={() => setDeleting(true)}
            >
              Delete post
            </Button>
          </Group>
        </>
      )}

      <ConfirmModal
        opened={deleting}
        title="Delete this post?"
        confirmLabel="Delete post"
        loading={remove.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          remove.mutate(
            { postId: post.id },
            {
              onSuccess: () => {
                notifySuccess('The post is deleted, on the networks that allow it too.', 'Deleted')
                setDeleting(false)
                onClose()
              },
              onError: (error) => {
                notifyError(error, 'Could not delete the post')
                setDeleting(false)
              },
            },
          )
        }
      >
        It is removed from every channel ({post.deliveries.length}). What was already published is
        deleted on the networks that allow it. This cannot be undone.
      </ConfirmModal>
    </Stack>
  )
}

/** The keyboard's way to move a post (the grid's is dragging). */
function Reschedule({ item }: { item: CalendarItem }) {
  const workspace = useCurrentWorkspace()
  const tz = workspace.time_zone
  const schedule = useSchedulePost(workspace.id)
  const [opened, setOpened] = useState(false)
  const start = item.at > Date.now() ? item.at : Date.now() + 3_600_000
  const [day, setDay] = useState<string | null>(dayKeyOf(start, tz))
  const [time, setTime] = useState(timeOfDay(start, tz))
  const at = day && /^\d\d:\d\d$/.test(time) ? instantAt(day, time, tz) : null
  const past = at !== null && at < Date.now()

  return (
    <Popover opened={opened} onChange={setOpened} withArrow shadow="md" trapFocus position="top">
      <Popover.Target>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconCalendarTime size={14} aria-hidden />}
          onClick={() => setOpened((o) => !o)}
        >
          {item.delivery.state === 'draft' ? 'Schedule' : 'Move'}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm" w={250}>
          <DatePickerInput
            label="Date"
            value={day}
            onChange={setDay}
            minDate={dayKeyOf(Date.now(), tz)}
            popoverProps={{ withinPortal: false }}
          />
          <TimeInput
            label="Time"
            value={time}
            onChange={(event) => setTime(event.currentTarget.value)}
            error={past ? 'This time has passed' : undefined}
          />
          <Text size="xs" c="dimmed">
            {zoneLabel(tz, at ?? Date.now())}
          </Text>
          <Button
            disabled={at === null || past}
            loading={schedule.isPending}
            onClick={() => {
              if (at === null) return
              schedule.mutate(
                {
                  postId: item.post.id,
                  when: { type: 'at', at: new Date(at).toISOString() },
                  deliveryIds: [item.delivery.id],
                },
                {
                  onSuccess: () => {
                    setOpened(false)
                    notifySuccess(`Now ${formatInZone(at, tz)}.`, 'Moved')
                  },
                  onError: (error) => notifyError(error, 'Could not move the post'),
                },
              )
            }}
          >
            Save time
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}
