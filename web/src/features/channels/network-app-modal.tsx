import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { type FormEvent, useState } from 'react'
import { type NetworkApp, useRemoveNetworkApp, useSaveNetworkApp } from '../../api/oauth.js'
import { useCurrentWorkspace } from '../../app/workspace-context.js'
import { CopyField } from '../../components/copy-field.js'
import { NETWORKS } from '../../lib/networks.js'
import { errorMessage, fieldError, notifySuccess } from '../../lib/notify.js'

/**
 * The workspace's own developer app for a network (client id and secret), for when Murmur's
 * operator set none in the environment, or the business wants its own.
 */
export function NetworkAppModal({ app, onClose }: { app: NetworkApp | null; onClose: () => void }) {
  const name = app ? NETWORKS[app.network].name : ''
  return (
    <Modal
      opened={app !== null}
      onClose={onClose}
      title={`${name} app credentials`}
      centered
      size="lg"
    >
      {app && <AppForm app={app} onDone={onClose} />}
    </Modal>
  )
}

function AppForm({ app, onDone }: { app: NetworkApp; onDone: () => void }) {
  const workspace = useCurrentWorkspace()
  const save = useSaveNetworkApp(workspace.id)
  const remove = useRemoveNetworkApp(workspace.id)
  const name = NETWORKS[app.network].name
  const [clientId, setClientId] = useState(app.source === 'workspace' ? (app.client_id ?? '') : '')
  const [clientSecret, setClientSecret] = useState('')

  function submit(event: FormEvent) {
    event.preventDefault()
    save.mutate(
      {
        network: app.network,
        client_id: clientId.trim(),
        ...(clientSecret.trim() && { client_secret: clientSecret.trim() }),
      },
      {
        onSuccess: () => {
          notifySuccess(`This workspace now connects ${name} with its own app.`, 'App saved')
          onDone()
        },
      },
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          Create an app on {name}’s developer site (see <code>{app.docs}</code>), register this
          callback URL on it exactly, then paste its OAuth 2.0 client id and secret here. The secret
          is stored encrypted and never shown again.
        </Text>
        <CopyField label="Callback URL" value={app.redirect_uri} />
        {app.source === 'environment' && (
          <Alert variant="light" color="blue">
            Murmur already has a {name} app from its environment. An app saved here is used instead,
            for this workspace only.
          </Alert>
        )}
        <TextInput
          label="Client ID"
          value={clientId}
          onChange={(event) => setClientId(event.currentTarget.value)}
          error={fieldError(save.error, 'client_id')}
          required
          autoComplete="off"
        />
        <PasswordInput
          label="Client secret"
          description={
            app.source === 'workspace' && app.has_secret
              ? 'Leave empty to keep no secret (public client); paste it again to keep one'
              : 'Leave empty only for a public client'
          }
          value={clientSecret}
          onChange={(event) => setClientSecret(event.currentTarget.value)}
          error={fieldError(save.error, 'client_secret')}
          autoComplete="off"
        />
        {save.error && !fieldError(save.error, 'client_id') && (
          <Alert color="red" variant="light">
            {errorMessage(save.error)}
          </Alert>
        )}
        <Group justify="space-between">
          {app.source === 'workspace' ? (
            <Anchor
              component="button"
              type="button"
              c="red"
              size="sm"
              onClick={() => remove.mutate(app.network, { onSuccess: onDone })}
            >
              Stop using this app
            </Anchor>
          ) : (
            <span />
          )}
          <Group>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!clientId.trim()}>
              Save app
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}
