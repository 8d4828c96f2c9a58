import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { type FormEvent, useState } from 'react'
import { useOAuthConnect } from './use-oauth-connect.js'

/** Mastodon has many servers: ask which one, then go to that server's sign-in page. */
export function ConnectMastodonModal({
  opened,
  onClose,
}: {
  opened: boolean
  onClose: () => void
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Connect a Mastodon account" centered>
      {opened && <InstanceForm onCancel={onClose} />}
    </Modal>
  )
}

function InstanceForm({ onCancel }: { onCancel: () => void }) {
  const { connect, pending } = useOAuthConnect()
  const [instance, setInstance] = useState('')
  const [problem, setProblem] = useState<string | undefined>()

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!instance.trim()) {
      setProblem('Type your server, like mastodon.social')
      return
    }
    setProblem(undefined)
    await connect('mastodon', { instance: instance.trim() })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          Murmur sends you to your server’s own sign-in page. It never sees your password.
        </Text>
        <TextInput
          label="Your Mastodon server"
          description="Like mastodon.social, or your full address @you@mastodon.social"
          placeholder="mastodon.social"
          value={instance}
          onChange={(event) => setInstance(event.currentTarget.value)}
          error={problem}
          autoComplete="url"
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            Continue to Mastodon
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
