import { Badge, Button, Code, Stack, Table, Text } from '@mantine/core'
import { useCurrentWorkspace } from '../../app/workspace-context.js'
import { SectionLoader } from '../../components/status-screens.js'
import { formatDateTime } from '../../lib/format.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { useResend, useWebhookDeliveries, type WebhookDelivery } from './webhooks-api.js'

const STATUS_COLOR: Record<WebhookDelivery['status'], string> = {
  pending: 'yellow',
  delivered: 'green',
  failed: 'red',
}

/** Each delivery of an endpoint with every attempt and its response, and a Resend button. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const workspace = useCurrentWorkspace()
  const deliveries = useWebhookDeliveries(workspace.id, endpointId)
  const resend = useResend(workspace.id)
  if (deliveries.isPending) return <SectionLoader label="Loading deliveries" />
  const rows = deliveries.data?.data ?? []
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing sent yet. Send a test event to check the endpoint.
      </Text>
    )
  }
  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table verticalSpacing="xs" aria-label="Delivery log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Event</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((delivery) => (
            <Table.Tr key={delivery.id}>
              <Table.Td>
                <Code>{delivery.event_type}</Code>
                <Text size="xs" c="dimmed">
                  {delivery.id}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[delivery.status]} variant="light">
                  {delivery.status}
                </Badge>
                {delivery.status === 'pending' && delivery.next_attempt_at && (
                  <Text size="xs" c="dimmed">
                    next try {formatDateTime(delivery.next_attempt_at)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {delivery.attempt_log.map((attempt) => (
                    <Text size="xs" key={attempt.attempt}>
                      #{attempt.attempt} · {formatDateTime(attempt.created_at)} ·{' '}
                      {attempt.status_code ?? 'no answer'} · {attempt.duration_ms} ms
                      {attempt.error && ` · ${attempt.error}`}
                      {attempt.response_excerpt && ` · “${attempt.response_excerpt.slice(0, 120)}”`}
                    </Text>
                  ))}
                </Stack>
              </Table.Td>
              <Table.Td>{formatDateTime(delivery.created_at)}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  loading={resend.isPending && resend.variables?.deliveryId === delivery.id}
                  onClick={() =>
                    resend.mutate(
                      { endpointId, deliveryId: delivery.id },
                      {
                        onSuccess: () => notifySuccess('Sending it again now.', 'Resend'),
                        onError: (error) => notifyError(error, 'Could not resend'),
                      },
                    )
                  }
                >
                  Resend
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
