import {
  Alert,
  Anchor,
  Button,
  Collapse,
  Group,
  List,
  Modal,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core'
import { IconChevronDown, IconExternalLink, IconInfoCircle } from '@tabler/icons-react'
import { type FormEvent, useState } from 'react'
import { useConnectBluesky, useReconnectChannel } from '../../api/channels.js'
import type { Channel } from '../../api/publishing-types.js'
import { useCurrentWorkspace } from '../../app/workspace-context.js'
import { errorMessage, fieldError, notifySuccess } from '../../lib/notify.js'

const APP_PASSWORDS_URL = 'https://bsky.app/settings/app-passwords'
const APP_PASSWORD_SHAPE = /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/i

interface ConnectBlueskyModalProps {
  opened: boolean
  onClose: () => void
  /** Reconnecting this channel instead of connecting a new one. */
  channel?: Channel | null
}

export function ConnectBlueskyModal({ opened, onClose, channel }: ConnectBlueskyModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={channel ? `Reconnect @${channel.handle}` : 'Connect a Bluesky account'}
      centered
      size="lg"
    >
      {opened && <ConnectForm channel={channel ?? null} onDone={onClose} />}
    </Modal>
  )
}

function ConnectForm({ channel, onDone }: { channel: Channel | null; onDone: () => void }) {
  const workspace = useCurrentWorkspace()
  const connect = useConnectBluesky(workspace.id)
  const reconnect = useReconnectChannel(workspace.id)
  const mutation = channel ? reconnect : connect
  const [handle, setHandle] = useState(channel?.handle ?? '')
  const [password, setPassword] = useState('')
  const [serviceUrl, setServiceUrl] = useState(
    channel?.service_url && channel.service_url !== 'https://bsky.social'
      ? channel.service_url
      : '',
  )
  const [advanced, setAdvanced] = useState(Boolean(serviceUrl))
  const [problems, setProblems] = useState<{ handle?: string; password?: string }>({})

  function submit(event: FormEvent) {
    event.preventDefault()
    const found = {
      handle: handle.trim()
        ? undefined
        : 'Enter the account’s handle, like cornerbakery.bsky.social',
      password: password.trim()
        ? undefined
        : 'Paste the app password you created in Bluesky’s settings',
    }
    if (found.handle || found.password) {
      setProblems(found)
      return
    }
    const input = {
      handle: handle.trim().replace(/^@/, ''),
      app_password: password.trim(),
      ...(serviceUrl.trim() && { service_url: serviceUrl.trim() }),
    }
    const onSuccess = (connected: Channel) => {
      notifySuccess(
        channel
          ? `@${connected.handle} is connected again. Its scheduled posts will go out.`
          : `@${connected.handle} is connected. You can post to it now.`,
        channel ? 'Reconnected' : 'Channel connected',
      )
      onDone()
    }
    if (channel) reconnect.mutate({ channelId: channel.id, ...input }, { onSuccess })
    else connect.mutate(input, { onSuccess })
  }

  const looksLikeAccountPassword = password.length > 0 && !APP_PASSWORD_SHAPE.test(password.trim())

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Alert
          variant="light"
          icon={<IconInfoCircle size={18} aria-hidden />}
          title="Use an app password"
        >
          <Text size="sm">
            Murmur never asks for your Bluesky password. Create an app password just for Murmur:
          </Text>
          <List size="sm" type="ordered" mt={6} spacing={2}>
            <List.Item>
              Open{' '}
              <Anchor href={APP_PASSWORDS_URL} target="_blank" rel="noopener noreferrer" size="sm">
                Bluesky › Settings › Privacy and security › App passwords
                <IconExternalLink
                  size={12}
                  style={{ marginLeft: 4, verticalAlign: 'middle' }}
                  aria-hidden
                />
                <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
              </Anchor>
              .
            </List.Item>
            <List.Item>Add one named “Murmur” (leave direct messages off).</List.Item>
            <List.Item>Copy it (it looks like xxxx-xxxx-xxxx-xxxx) and paste it below.</List.Item>
          </List>
          <Text size="xs" c="dimmed" mt={6}>
            You can revoke it there at any time; Murmur then asks you to reconnect.
          </Text>
        </Alert>

        {mutation.error && !fieldError(mutation.error, 'handle') && (
          <Alert
            color="red"
            variant="light"
            title={channel ? 'Could not reconnect' : 'Could not connect'}
          >
            {errorMessage(mutation.error)}
          </Alert>
        )}

        <TextInput
          label="Handle"
          description="Or the email address of the account"
          placeholder="cornerbakery.bsky.social"
          value={handle}
          onChange={(event) => {
            setHandle(event.currentTarget.value)
            setProblems((previous) => ({ ...previous, handle: undefined }))
          }}
          error={problems.handle ?? fieldError(mutation.error, 'handle')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          data-autofocus={channel ? undefined : true}
        />
        <PasswordInput
          label="App password"
          placeholder="xxxx-xxxx-xxxx-xxxx"
          value={password}
          onChange={(event) => {
            setPassword(event.currentTarget.value)
            setProblems((previous) => ({ ...previous, password: undefined }))
          }}
          error={problems.password ?? fieldError(mutation.error, 'app_password')}
          description={
            looksLikeAccountPassword
              ? 'This does not look like an app password (xxxx-xxxx-xxxx-xxxx). Your account password works too, but an app password is safer.'
              : undefined
          }
          autoComplete="off"
          required
          data-autofocus={channel ? true : undefined}
        />

        <UnstyledButton
          onClick={() => setAdvanced((open) => !open)}
          aria-expanded={advanced}
          aria-controls="bluesky-server"
        >
          <Group gap={4}>
            <IconChevronDown
              size={14}
              aria-hidden
              style={{
                transform: advanced ? 'rotate(180deg)' : undefined,
                transition: 'transform 150ms',
              }}
            />
            <Text size="sm" c="dimmed">
              Account on its own server?
            </Text>
          </Group>
        </UnstyledButton>
        <Collapse expanded={advanced} id="bluesky-server">
          <TextInput
            label="Server address (optional)"
            description="Only if the account is not hosted by Bluesky (a self-hosted PDS). Leave empty otherwise."
            placeholder="https://bsky.social"
            value={serviceUrl}
            onChange={(event) => setServiceUrl(event.currentTarget.value)}
            error={fieldError(mutation.error, 'service_url')}
            autoCapitalize="none"
            spellCheck={false}
            type="url"
          />
        </Collapse>

        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {channel ? 'Reconnect' : 'Connect'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
