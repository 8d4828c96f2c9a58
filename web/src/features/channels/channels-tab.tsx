import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Menu,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core'
import {
  IconAlertTriangle,
  IconClock,
  IconDots,
  IconPlugConnected,
  IconPlugConnectedX,
  IconRefresh,
} from '@tabler/icons-react'
import { useState } from 'react'
import { useChannels, useDisconnectChannel } from '../../api/channels.js'
import { type NetworkApp, useNetworkApps } from '../../api/oauth.js'
import type { Channel, NetworkId } from '../../api/publishing-types.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { ConfirmModal } from '../../components/confirm-modal.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { formatDate } from '../../lib/format.js'
import { NETWORK_ORDER, NETWORKS } from '../../lib/networks.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { ChannelAvatar } from './channel-avatar.js'
import { ConnectBlueskyModal } from './connect-bluesky-modal.js'
import { ConnectMastodonModal } from './connect-mastodon-modal.js'
import { NetworkAppModal } from './network-app-modal.js'
import { useOAuthReturn } from './oauth-return.js'
import { PagePickerModal } from './page-picker-modal.js'
import { PostingTimesModal } from './posting-times-modal.js'
import { useOAuthConnect } from './use-oauth-connect.js'

/** Networks that connect without a developer app: Bluesky (app password), Mastodon (registers itself). */
const WITHOUT_APP = new Set<NetworkId>(['bluesky', 'mastodon'])

/** Settings > Channels: the accounts the business posts to, and their posting times. */
export function ChannelsTab() {
  const workspace = useCurrentWorkspace()
  const canManage = useCan('channels.manage')
  const channels = useChannels(workspace.id)
  const disconnect = useDisconnectChannel(workspace.id)
  const [connecting, setConnecting] = useState(false)
  const [reconnecting, setReconnecting] = useState<Channel | null>(null)
  const [removing, setRemoving] = useState<Channel | null>(null)
  const [timesOf, setTimesOf] = useState<Channel | null>(null)
  const [askingServer, setAskingServer] = useState(false)
  const [appOf, setAppOf] = useState<NetworkApp | null>(null)
  const apps = useNetworkApps(workspace.id)
  const oauth = useOAuthConnect()
  const { pendingId, clearPending } = useOAuthReturn()
  const appFor = (id: NetworkId) => apps.data?.find((app) => app.network === id)

  function startConnect(id: NetworkId) {
    if (id === 'bluesky') setConnecting(true)
    else if (id === 'mastodon') setAskingServer(true)
    else void oauth.connect(id)
  }

  function startReconnect(channel: Channel) {
    // Bluesky asks for a new app password; the others go through their sign-in page again.
    if (channel.network === 'bluesky') setReconnecting(channel)
    else void oauth.connect(channel.network, { channelId: channel.id })
  }

  function confirmDisconnect() {
    if (!removing) return
    const channel = removing
    disconnect.mutate(channel.id, {
      onSuccess: () => {
        notifySuccess(
          `@${channel.handle} is disconnected. Its published posts stay on ${NETWORKS[channel.network].name}.`,
        )
        setRemoving(null)
      },
      onError: (error) => {
        notifyError(error, 'Could not disconnect')
        setRemoving(null)
      },
    })
  }

  return (
    <Stack gap="xl">
      <Stack gap="sm" component="section" aria-labelledby="connected-title">
        <Stack gap={2}>
          <Title order={2} size="h4" id="connected-title">
            Connected channels
          </Title>
          <Text size="sm" c="dimmed">
            The social accounts {workspace.name} posts to.
            {!canManage && ' Only admins and owners can connect or disconnect them.'}
          </Text>
        </Stack>

        {channels.isPending ? (
          <SectionLoader label="Loading channels" />
        ) : channels.isError ? (
          <ErrorState error={channels.error} onRetry={() => channels.refetch()} />
        ) : channels.data.length === 0 ? (
          <Card withBorder radius="md" padding="xl">
            <EmptyState
              variant="light"
              icon={<IconPlugConnected size={28} aria-hidden />}
              title="No channel connected yet"
              description="Connect an account to write posts for it, schedule them and see how they do."
            >
              {canManage && (
                <Group justify="center" mt="md">
                  <Button onClick={() => setConnecting(true)}>Connect Bluesky</Button>
                </Group>
              )}
            </EmptyState>
          </Card>
        ) : (
          <Stack gap="sm">
            {channels.data.map((channel) => (
              <ChannelRow
                key={channel.id}
                channel={channel}
                canManage={canManage}
                onReconnect={() => startReconnect(channel)}
                onDisconnect={() => setRemoving(channel)}
                onPostingTimes={() => setTimesOf(channel)}
              />
            ))}
          </Stack>
        )}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="add-title">
        <Stack gap={2}>
          <Title order={2} size="h4" id="add-title">
            Add a channel
          </Title>
          <Text size="sm" c="dimmed">
            You can connect several accounts on the same network.
          </Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
          {NETWORK_ORDER.map((id) => (
            <NetworkCard
              key={id}
              id={id}
              app={appFor(id)}
              canManage={canManage}
              busy={oauth.pending}
              onConnect={() => startConnect(id)}
              onSetUpApp={(app) => setAppOf(app)}
            />
          ))}
        </SimpleGrid>
      </Stack>

      <ConnectBlueskyModal opened={connecting} onClose={() => setConnecting(false)} />
      <ConnectBlueskyModal
        opened={reconnecting !== null}
        channel={reconnecting}
        onClose={() => setReconnecting(null)}
      />
      <ConnectMastodonModal opened={askingServer} onClose={() => setAskingServer(false)} />
      <NetworkAppModal app={appOf} onClose={() => setAppOf(null)} />
      <PagePickerModal pendingId={pendingId} onClose={clearPending} />
      <PostingTimesModal channel={timesOf} onClose={() => setTimesOf(null)} />
      <ConfirmModal
        opened={removing !== null}
        title={`Disconnect @${removing?.handle ?? ''}?`}
        confirmLabel="Disconnect"
        onConfirm={confirmDisconnect}
        onClose={() => setRemoving(null)}
        loading={disconnect.isPending}
      >
        Its scheduled posts and drafts for this channel are removed, with its posting times. Posts
        already published stay on {removing ? NETWORKS[removing.network].name : 'the network'}. You
        can connect the account again later.
      </ConfirmModal>
    </Stack>
  )
}

/**
 * One network under "Add a channel": Connect when it can be connected; for networks that need a
 * developer app nobody configured, says so and lets an admin add the workspace's own.
 */
function NetworkCard({
  id,
  app,
  canManage,
  busy,
  onConnect,
  onSetUpApp,
}: {
  id: NetworkId
  app: NetworkApp | undefined
  canManage: boolean
  busy: boolean
  onConnect: () => void
  onSetUpApp: (app: NetworkApp) => void
}) {
  const network = NETWORKS[id]
  const available = WITHOUT_APP.has(id) || app?.available === true
  const missingApp = !WITHOUT_APP.has(id) && app?.available === true && !app.configured
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <network.icon size={24} color={network.color} aria-hidden />
            <Text fw={500}>{network.name}</Text>
          </Group>
          {available ? (
            <Button
              size="xs"
              variant="light"
              onClick={onConnect}
              disabled={!canManage || missingApp}
              loading={busy && id !== 'bluesky' && id !== 'mastodon'}
              aria-label={
                id === 'bluesky' ? 'Connect a Bluesky account' : `Connect ${network.name}`
              }
            >
              Connect
            </Button>
          ) : (
            <Badge variant="light" color="gray" size="sm">
              Coming soon
            </Badge>
          )}
        </Group>
        {missingApp && app && (
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              App credentials not configured: see {app.docs}
            </Text>
            {canManage && (
              <Group>
                <Button size="compact-xs" variant="subtle" onClick={() => onSetUpApp(app)}>
                  Use your own {network.name} app
                </Button>
              </Group>
            )}
          </Stack>
        )}
        {available && app?.source === 'workspace' && canManage && (
          <Group>
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onSetUpApp(app)}>
              {network.name} app: this workspace’s own
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  )
}

function ChannelRow({
  channel,
  canManage,
  onReconnect,
  onDisconnect,
  onPostingTimes,
}: {
  channel: Channel
  canManage: boolean
  onReconnect: () => void
  onDisconnect: () => void
  onPostingTimes: () => void
}) {
  const network = NETWORKS[channel.network]
  const broken = channel.status === 'needs_reconnect'
  return (
    <Card withBorder radius="md" padding="md" aria-label={`${network.name} @${channel.handle}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="md" wrap="nowrap" miw={0}>
            <ChannelAvatar channel={channel} size={44} />
            <Stack gap={2} miw={0}>
              <Text fw={600} truncate="end">
                {channel.display_name || channel.handle}
              </Text>
              <Text size="sm" c="dimmed" truncate="end">
                {network.name} · @{channel.handle}
              </Text>
            </Stack>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {broken ? (
              <Badge
                color="red"
                variant="light"
                leftSection={<IconAlertTriangle size={12} aria-hidden />}
              >
                Needs reconnecting
              </Badge>
            ) : channel.reconnect_soon ? (
              <Badge
                color="yellow"
                variant="light"
                leftSection={<IconClock size={12} aria-hidden />}
              >
                Reconnect soon
              </Badge>
            ) : (
              <Badge color="green" variant="light" visibleFrom="xs">
                Active
              </Badge>
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" aria-label={`Actions for @${channel.handle}`}>
                  <IconDots size={18} aria-hidden />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconClock size={16} aria-hidden />}
                  onClick={onPostingTimes}
                >
                  Posting times
                </Menu.Item>
                {canManage && (
                  <Menu.Item
                    leftSection={<IconRefresh size={16} aria-hidden />}
                    onClick={onReconnect}
                  >
                    Reconnect
                  </Menu.Item>
                )}
                {canManage && (
                  <Menu.Item
                    color="red"
                    leftSection={<IconPlugConnectedX size={16} aria-hidden />}
                    onClick={onDisconnect}
                  >
                    Disconnect
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
        {broken && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            p="sm"
          >
            <Stack gap={6}>
              <Text size="sm">
                {network.name} stopped accepting Murmur’s access
                {channel.status_reason ? `: ${channel.status_reason}` : '.'} Nothing is published to
                this channel until it is reconnected.
              </Text>
              {canManage ? (
                <Group>
                  <Button size="xs" color="red" onClick={onReconnect}>
                    Reconnect now
                  </Button>
                </Group>
              ) : (
                <Text size="sm" c="dimmed">
                  Ask an admin of this workspace to reconnect it.
                </Text>
              )}
            </Stack>
          </Alert>
        )}
        {!broken && channel.reconnect_soon && (
          <Alert color="yellow" variant="light" icon={<IconClock size={18} aria-hidden />} p="sm">
            <Stack gap={6}>
              <Text size="sm">
                {network.name}: {channel.reconnect_message ?? 'this connection ends soon.'}
              </Text>
              {canManage ? (
                <Group>
                  <Button size="xs" color="yellow" variant="light" onClick={onReconnect}>
                    Reconnect now
                  </Button>
                </Group>
              ) : (
                <Text size="sm" c="dimmed">
                  Ask an admin of this workspace to reconnect it.
                </Text>
              )}
            </Stack>
          </Alert>
        )}
        {!broken && (
          <Text size="xs" c="dimmed">
            Connected {formatDate(channel.created_at)}
          </Text>
        )}
      </Stack>
    </Card>
  )
}
