import {
  Accordion,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  EmptyState,
  Group,
  Modal,
  MultiSelect,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core'
import { IconWebhook } from '@tabler/icons-react'
import { useState } from 'react'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { CopyField } from '../../components/copy-field.js'
import { PageHeader, useDocumentTitle } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { DeliveryLog } from './delivery-log.js'
import {
  useCreateEndpoint,
  useDeleteEndpoint,
  useSendTest,
  useUpdateEndpoint,
  useWebhookEndpoints,
  useWebhookEvents,
} from './webhooks-api.js'

function AddEndpoint({ onSecret }: { onSecret: (secret: string) => void }) {
  const workspace = useCurrentWorkspace()
  const events = useWebhookEvents(workspace.id)
  const create = useCreateEndpoint(workspace.id)
  const [url, setUrl] = useState('')
  const [chosen, setChosen] = useState<string[]>([])
  const [description, setDescription] = useState('')

  return (
    <Card withBorder radius="md" padding="md">
      <form
        onSubmit={(event) => {
          event.preventDefault()
          create.mutate(
            { url: url.trim(), events: chosen, description: description.trim() || null },
            {
              onSuccess: (created) => {
                setUrl('')
                setChosen([])
                setDescription('')
                onSecret(created.secret)
              },
              onError: (error) => notifyError(error, 'The endpoint was not added'),
            },
          )
        }}
      >
        <Stack gap="xs">
          <TextInput
            label="Endpoint address"
            placeholder="https://hooks.example.com/murmur"
            required
            value={url}
            onChange={(event) => setUrl(event.currentTarget.value)}
          />
          <MultiSelect
            label="Events"
            required
            data={(events.data?.data ?? []).map((e) => ({
              value: e.type,
              label: `${e.type} — ${e.description}`,
            }))}
            value={chosen}
            onChange={setChosen}
          />
          <TextInput
            label="Description"
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
          />
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!url || !chosen.length}>
              Add endpoint
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}

/** Webhook endpoints: what they listen to, their delivery log, test and resend (admins). */
export default function WebhooksPage() {
  useDocumentTitle('Webhooks')
  const workspace = useCurrentWorkspace()
  const canManage = useCan('workspace.update')
  const endpoints = useWebhookEndpoints(workspace.id)
  const update = useUpdateEndpoint(workspace.id)
  const remove = useDeleteEndpoint(workspace.id)
  const test = useSendTest(workspace.id)
  const [secret, setSecret] = useState<string | null>(null)

  if (!canManage) {
    return (
      <Stack gap="md">
        <PageHeader title="Webhooks" />
        <Alert variant="light">Only admins and owners manage webhooks.</Alert>
      </Stack>
    )
  }

  return (
    <Stack gap="md">
      <PageHeader
        title="Webhooks"
        description="Tell other tools what happens in Murmur. Every delivery is signed (Standard Webhooks) and retried for about a day."
      />
      <AddEndpoint onSecret={setSecret} />
      {endpoints.isPending ? (
        <SectionLoader label="Loading endpoints" />
      ) : endpoints.isError ? (
        <ErrorState error={endpoints.error} onRetry={() => endpoints.refetch()} />
      ) : endpoints.data.data.length === 0 ? (
        <Card withBorder radius="md" padding="xl">
          <EmptyState
            variant="light"
            icon={<IconWebhook size={28} aria-hidden />}
            title="No endpoints yet"
            description="Add an address above; Murmur sends the events you choose to it."
          />
        </Card>
      ) : (
        <Accordion variant="separated" radius="md">
          {endpoints.data.data.map((endpoint) => (
            <Accordion.Item key={endpoint.id} value={endpoint.id}>
              <Accordion.Control>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600}>{endpoint.url}</Text>
                  <Badge color={endpoint.enabled ? 'green' : 'gray'} variant="light">
                    {endpoint.enabled ? 'On' : 'Off'}
                  </Badge>
                  {endpoint.failing_since && endpoint.enabled && (
                    <Badge color="red" variant="light">
                      Failing
                    </Badge>
                  )}
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  {endpoint.disabled_reason && (
                    <Alert color="red" variant="light">
                      {endpoint.disabled_reason}
                    </Alert>
                  )}
                  <Group gap={4}>
                    {endpoint.events.map((event) => (
                      <Code key={event}>{event}</Code>
                    ))}
                  </Group>
                  <Group gap="xs">
                    <Switch
                      label="On"
                      checked={endpoint.enabled}
                      onChange={(event) =>
                        update.mutate(
                          { id: endpoint.id, enabled: event.currentTarget.checked },
                          { onError: (error) => notifyError(error, 'Could not change it') },
                        )
                      }
                    />
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() =>
                        test.mutate(endpoint.id, {
                          onSuccess: () => notifySuccess('A test event is on its way.'),
                          onError: (error) => notifyError(error, 'Could not send'),
                        })
                      }
                    >
                      Send test event
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() =>
                        remove.mutate(endpoint.id, {
                          onSuccess: () => notifySuccess('Endpoint removed.'),
                          onError: (error) => notifyError(error, 'Could not remove it'),
                        })
                      }
                    >
                      Remove
                    </Button>
                  </Group>
                  <DeliveryLog endpointId={endpoint.id} />
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
      <Modal opened={secret !== null} onClose={() => setSecret(null)} title="Signing secret">
        <Stack gap="sm">
          <Text size="sm">
            Verify each delivery with this secret. It is shown only now: copy it into the receiving
            tool.
          </Text>
          {secret && <CopyField label="Secret" value={secret} />}
          <Button onClick={() => setSecret(null)}>Done</Button>
        </Stack>
      </Modal>
    </Stack>
  )
}
