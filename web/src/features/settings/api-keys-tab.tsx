import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Code,
  EmptyState,
  Group,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconExternalLink, IconKey, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useApiKeys, useRevokeApiKey } from '../../api/api-keys.js'
import type { ApiKey } from '../../api/types.js'
import { useCurrentWorkspace } from '../../app/workspace-context.js'
import { ConfirmModal } from '../../components/confirm-modal.js'
import { RoleBadge } from '../../components/role-badge.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { formatDate, formatDateTime } from '../../lib/format.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { CreateApiKeyModal } from './create-api-key-modal.js'

export function ApiKeysTab() {
  const workspace = useCurrentWorkspace()
  const keys = useApiKeys(workspace.id)
  const revoke = useRevokeApiKey(workspace.id)
  const [creating, createModal] = useDisclosure(false)
  const [revoking, setRevoking] = useState<ApiKey | null>(null)

  function confirmRevoke() {
    if (!revoking) return
    const key = revoking
    revoke.mutate(key.id, {
      onSuccess: () => {
        notifySuccess(`The key “${key.name}” no longer works.`)
        setRevoking(null)
      },
      onError: (error) => {
        notifyError(error, 'Could not revoke the key')
        setRevoking(null)
      },
    })
  }

  const createButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={createModal.open}>
      Create API key
    </Button>
  )

  return (
    <Stack gap="sm" component="section" aria-labelledby="api-keys-title">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Title order={2} size="h4" id="api-keys-title">
            API keys
          </Title>
          <Text size="sm" c="dimmed">
            Let scripts and other tools use {workspace.name} through Murmur’s API.{' '}
            <Anchor href="/api/docs" target="_blank" rel="noopener" size="sm">
              Read the API reference
              <IconExternalLink
                size={12}
                style={{ marginLeft: 4, verticalAlign: 'middle' }}
                aria-hidden
              />
              <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
            </Anchor>
          </Text>
        </Stack>
        {keys.data && keys.data.length > 0 && createButton}
      </Group>

      {keys.isPending ? (
        <SectionLoader label="Loading API keys" />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <Card withBorder radius="md" padding="xl">
          <EmptyState
            variant="light"
            icon={<IconKey size={28} aria-hidden />}
            title="No API keys yet"
            description="Create a key to connect a script, a spreadsheet or another app. Each key acts with the role you give it."
          >
            <Group justify="center" mt="md">
              {createButton}
            </Group>
          </EmptyState>
        </Card>
      ) : (
        <Card withBorder radius="md" padding={0}>
          <Table.ScrollContainer minWidth={640} type="native">
            <Table verticalSpacing="sm" horizontalSpacing="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th w={100}>Role</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th w={120}>Created</Table.Th>
                  <Table.Th w={170}>Last used</Table.Th>
                  <Table.Th w={60}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.data.map((key) => (
                  <Table.Tr key={key.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {key.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <RoleBadge role={key.role} />
                    </Table.Td>
                    <Table.Td>
                      <Code>{key.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDate(key.created_at)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={key.last_used_at ? undefined : 'dimmed'}>
                        {formatDateTime(key.last_used_at, 'Never')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label="Revoke key">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Revoke API key ${key.name}`}
                          onClick={() => setRevoking(key)}
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}

      <CreateApiKeyModal opened={creating} onClose={createModal.close} />
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke API key?"
        confirmLabel="Revoke key"
        onConfirm={confirmRevoke}
        onClose={() => setRevoking(null)}
        loading={revoke.isPending}
      >
        Anything using “{revoking?.name}” will stop working at once. This cannot be undone.
      </ConfirmModal>
    </Stack>
  )
}
