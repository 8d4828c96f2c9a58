import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import {
  IconAlertTriangle,
  IconCalendarMonth,
  IconCalendarWeek,
  IconChevronLeft,
  IconChevronRight,
  IconDownload,
  IconList,
  IconPencil,
} from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useChannels } from '../../api/channels.js'
import { usePostsInRange, usePublishingStatus, useSchedulePost } from '../../api/posts.js'
import type { Channel } from '../../api/publishing-types.js'
import { useCan, useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState } from '../../components/status-screens.js'
import { csvFileName, downloadCsv } from '../../lib/csv.js'
import { channelColors, NETWORKS } from '../../lib/networks.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import {
  addDays,
  addMonths,
  type DayKey,
  dayKeyOf,
  formatInZone,
  instantAt,
  parseDayKey,
  startOfDayInstant,
  startOfMonth,
  startOfWeek,
  zoneLabel,
} from '../../lib/zoned-time.js'
import { buildCalendar, type CalendarItem, STATE_LOOK } from './calendar-items.js'
import { MonthGrid, WeekGrid } from './grid-views.js'
import { ListView } from './list-view.js'
import { PostDrawer } from './post-drawer.js'

type View = 'month' | 'week' | 'list'
const VIEWS: View[] = ['month', 'week', 'list']

const monthTitle = (key: DayKey) => {
  const { year, month } = parseDayKey(key)
  return new Intl.DateTimeFormat(undefined, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, 1)))
}

const shortDay = (key: DayKey) => {
  const { year, month, day } = parseDayKey(key)
  return new Intl.DateTimeFormat(undefined, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, day)))
}

export default function CalendarPage() {
  const workspace = useCurrentWorkspace()
  const tz = workspace.time_zone
  const canWrite = useCan('content.write')
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false })
  const [params, setParams] = useSearchParams()
  const view: View = VIEWS.includes(params.get('view') as View)
    ? (params.get('view') as View)
    : phone
      ? 'list'
      : 'month'
  const today = dayKeyOf(Date.now(), tz)
  const anchor = /^\d{4}-\d\d-\d\d$/.test(params.get('date') ?? '')
    ? (params.get('date') as DayKey)
    : today

  const setPlace = (next: { view?: View; date?: DayKey }) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current)
        if (next.view) updated.set('view', next.view)
        if (next.date) updated.set('date', next.date)
        return updated
      },
      { replace: true },
    )

  // The days on screen, and the instants the API is asked for.
  const range = useMemo(() => {
    if (view === 'week') {
      const start = startOfWeek(anchor)
      return { start, end: addDays(start, 7), month: anchor.slice(0, 7) }
    }
    if (view === 'list') {
      const start = startOfMonth(anchor)
      return { start, end: addMonths(start, 1), month: anchor.slice(0, 7) }
    }
    const start = startOfWeek(startOfMonth(anchor))
    return { start, end: addDays(start, 42), month: anchor.slice(0, 7) }
  }, [view, anchor])
  const period = useMemo(
    () => ({
      from: new Date(startOfDayInstant(range.start, tz)).toISOString(),
      to: new Date(startOfDayInstant(range.end, tz)).toISOString(),
    }),
    [range, tz],
  )

  const posts = usePostsInRange(workspace.id, period)
  const channels = useChannels(workspace.id)
  const status = usePublishingStatus(workspace.id)
  const schedule = useSchedulePost(workspace.id)

  // "Late" depends on the clock: look again every minute.
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000)
    return () => window.clearInterval(timer)
  }, [])

  // Chips dropped on another day move there at once, before the server answers.
  const [moved, setMoved] = useState<Map<string, number>>(() => new Map())
  const channelList = channels.data ?? []
  const byChannel = useMemo(() => new Map(channelList.map((c) => [c.id, c])), [channelList])
  const colors = useMemo(() => channelColors(channelList), [channelList])
  const calendar = useMemo(
    () => buildCalendar(posts.data ?? [], byChannel, tz, now, moved),
    [posts.data, byChannel, tz, now, moved],
  )
  const inRange = useMemo(
    () =>
      calendar.all.filter(
        (item) => item.state !== 'draft' && item.day >= range.start && item.day < range.end,
      ),
    [calendar, range],
  )
  const drafts = useMemo(() => calendar.all.filter((item) => item.state === 'draft'), [calendar])

  const [openKey, setOpenKey] = useState<string | null>(null)
  const openItem = openKey ? (calendar.all.find((item) => item.key === openKey) ?? null) : null
  const onOpen = useCallback((item: CalendarItem) => setOpenKey(item.key), [])

  // The drop handler reads the latest items through a ref, so it stays the same function and
  // the memoised days do not re-render while dragging.
  const itemsRef = useRef(calendar.all)
  itemsRef.current = calendar.all
  const onDropDelivery = useCallback(
    (deliveryId: string, day: DayKey) => {
      const item = itemsRef.current.find((candidate) => candidate.key === deliveryId)
      if (!item || item.day === day) return
      if (!canWrite || !item.movable) {
        notifyError(
          new Error('Only drafts, scheduled and failed posts can move.'),
          'This post cannot move',
        )
        return
      }
      const at = instantAt(day, item.time, tz)
      if (at < Date.now()) {
        notifyError(new Error('That time has passed. Drop it on a later day.'), 'Not moved')
        return
      }
      setMoved((current) => new Map(current).set(deliveryId, at))
      schedule.mutate(
        {
          postId: item.post.id,
          when: { type: 'at', at: new Date(at).toISOString() },
          deliveryIds: [deliveryId],
        },
        {
          onSuccess: () => notifySuccess(`Now ${formatInZone(at, tz)}.`, 'Moved'),
          onError: (error) => notifyError(error, 'Could not move the post'),
          onSettled: () =>
            setMoved((current) => {
              const next = new Map(current)
              next.delete(deliveryId)
              return next
            }),
        },
      )
    },
    [canWrite, tz, schedule.mutate],
  )

  const step = (direction: 1 | -1) =>
    setPlace({
      date: view === 'week' ? addDays(anchor, 7 * direction) : addMonths(anchor, direction),
    })
  const title =
    view === 'week'
      ? `${shortDay(range.start)} – ${shortDay(addDays(range.end, -1))}, ${range.start.slice(0, 4)}`
      : monthTitle(anchor)

  function downloadList() {
    downloadCsv(
      csvFileName(`calendar-${range.start}`),
      ['Date', 'Time', 'Time zone', 'Channel', 'State', 'Text', 'Published URL', 'Problem'],
      [...inRange, ...drafts].map((item) => [
        item.state === 'draft' ? '' : item.day,
        item.state === 'draft' ? '' : item.time,
        tz,
        item.channel
          ? `${NETWORKS[item.channel.network].name} @${item.channel.handle}`
          : item.delivery.network,
        STATE_LOOK[item.state].label,
        item.excerpt,
        item.delivery.url,
        item.delivery.error?.message,
      ]),
    )
  }

  const failed = status.data?.failed ?? 0
  const unconfirmed = status.data?.unconfirmed ?? 0
  const schedulerDown = status.data && !status.data.scheduler.ok

  return (
    <Stack gap="md">
      <PageHeader
        title="Calendar"
        description={`Everything scheduled and published, in ${zoneLabel(tz)}.`}
        actions={
          canWrite && (
            <Button
              component={Link}
              to={workspaceHref(workspace.id, 'compose')}
              leftSection={<IconPencil size={16} aria-hidden />}
            >
              Write a post
            </Button>
          )
        }
      />

      {(failed > 0 || unconfirmed > 0) && (
        <Alert
          color={failed ? 'red' : 'orange'}
          variant="light"
          icon={<IconAlertTriangle size={18} aria-hidden />}
        >
          {[
            failed ? `${failed} ${failed === 1 ? 'post' : 'posts'} failed` : '',
            unconfirmed
              ? `${unconfirmed} ${unconfirmed === 1 ? 'post needs' : 'posts need'} your confirmation`
              : '',
          ]
            .filter(Boolean)
            .join(' and ')}
          . Open the red or orange chips to see why and what to do.{' '}
          {view !== 'list' && (
            <Anchor
              component="button"
              type="button"
              size="sm"
              fw={600}
              onClick={() => setPlace({ view: 'list', date: today })}
            >
              Show the list
            </Anchor>
          )}
        </Alert>
      )}
      {schedulerDown && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title="Posts are not going out on time"
        >
          {status.data?.scheduler.message}
        </Alert>
      )}

      <Group justify="space-between" gap="sm" wrap="wrap">
        <Group gap={4} wrap="nowrap">
          <Tooltip label={view === 'week' ? 'Previous week' : 'Previous month'}>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => step(-1)}
              aria-label={view === 'week' ? 'Previous week' : 'Previous month'}
            >
              <IconChevronLeft size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={view === 'week' ? 'Next week' : 'Next month'}>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => step(1)}
              aria-label={view === 'week' ? 'Next week' : 'Next month'}
            >
              <IconChevronRight size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Button
            variant="default"
            onClick={() => setPlace({ date: today })}
            disabled={
              range.start <= today && today < range.end && anchor.slice(0, 7) === today.slice(0, 7)
            }
          >
            Today
          </Button>
          <Title order={2} size="h4" ml="xs" aria-live="polite">
            {title}
          </Title>
          {posts.isFetching && <Loader size="xs" ml={4} aria-label="Loading posts" />}
        </Group>
        <Group gap="xs">
          <SegmentedControl
            value={view}
            onChange={(value) => setPlace({ view: value as View })}
            aria-label="View"
            data={[
              { value: 'month', label: <ViewLabel icon={IconCalendarMonth} text="Month" /> },
              { value: 'week', label: <ViewLabel icon={IconCalendarWeek} text="Week" /> },
              { value: 'list', label: <ViewLabel icon={IconList} text="List" /> },
            ]}
          />
          <Tooltip label="Download CSV">
            <ActionIcon
              variant="default"
              size="lg"
              onClick={downloadList}
              aria-label="Download this period as CSV"
              disabled={inRange.length + drafts.length === 0}
            >
              <IconDownload size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>

      {channelList.length > 0 && <Legend channels={channelList} colors={colors} />}

      {posts.isError && !posts.data ? (
        <ErrorState error={posts.error} onRetry={() => posts.refetch()} />
      ) : view === 'list' ? (
        <ListView items={inRange} drafts={drafts} onOpen={onOpen} today={today} />
      ) : (
        <Card withBorder radius="md" padding={0} style={{ overflow: 'hidden' }}>
          {view === 'month' ? (
            <MonthGrid
              start={range.start}
              month={range.month}
              byDay={calendar.byDay}
              colors={colors}
              today={today}
              onOpen={onOpen}
              onDropDelivery={onDropDelivery}
            />
          ) : (
            <WeekGrid
              start={range.start}
              byDay={calendar.byDay}
              colors={colors}
              today={today}
              onOpen={onOpen}
              onDropDelivery={onDropDelivery}
            />
          )}
        </Card>
      )}
      {view !== 'list' && posts.data && inRange.length === 0 && (
        <Text size="sm" c="dimmed" ta="center">
          Nothing scheduled in this period.{' '}
          {canWrite && (
            <Link
              to={workspaceHref(workspace.id, 'compose')}
              style={{ color: 'var(--mantine-color-anchor)' }}
            >
              Write a post
            </Link>
          )}
        </Text>
      )}
      {view !== 'list' && canWrite && inRange.length > 0 && (
        <Text size="xs" c="dimmed" visibleFrom="sm">
          Drag a chip to another day to move it (same time of day), or open it to pick a time.
        </Text>
      )}

      <PostDrawer
        item={openItem}
        onClose={() => setOpenKey(null)}
        schedulerMessage={status.data?.scheduler.message ?? null}
      />
    </Stack>
  )
}

function ViewLabel({ icon: Icon, text }: { icon: typeof IconList; text: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Icon size={14} aria-hidden />
      <span>{text}</span>
    </Group>
  )
}

function Legend({ channels, colors }: { channels: Channel[]; colors: Map<string, string> }) {
  return (
    <Group gap="md" wrap="wrap" aria-label="Channel colours">
      {channels.map((channel) => {
        const network = NETWORKS[channel.network]
        return (
          <Group key={channel.id} gap={6} wrap="nowrap">
            <span
              aria-hidden
              style={{
                width: 10,
                height: 10,
                borderRadius: 3,
                background: `var(--mantine-color-${colors.get(channel.id) ?? 'gray'}-filled)`,
              }}
            />
            <network.icon size={14} aria-hidden />
            <Text size="xs">@{channel.handle}</Text>
          </Group>
        )
      })}
      <Group gap="sm" wrap="wrap">
        {(
          ['needs_approval', 'scheduled', 'published', 'failed', 'late', 'unconfirmed'] as const
        ).map((state) => {
          const look = STATE_LOOK[state]
          return (
            <Group key={state} gap={4} wrap="nowrap">
              <look.icon
                size={12}
                color={`var(--mantine-color-${look.color}-filled)`}
                aria-hidden
              />
              <Text size="xs" c="dimmed">
                {look.label}
              </Text>
            </Group>
          )
        })}
      </Group>
    </Group>
  )
}
