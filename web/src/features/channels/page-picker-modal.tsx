import { Alert, Avatar, Badge, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState } from 'react'
import { useCompletePending, usePendingSignIn } from '../../api/oauth.js'
import { useCurrentWorkspace } from '../../app/workspace-context.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { NETWORKS } from '../../lib/networks.js'
import { errorMessage, notifySuccess } from '../../lib/notify.js'

/**
 * The second step of a sign-in that reached several accounts (Facebook: the Pages the person
 * manages): choose which become channels. Nothing is stored until they are chosen.
 */
export function PagePickerModal({
  pendingId,
  onClose,
}: {
  pendingId: string | null
  onClose: () => void
}) {
  return (
    <Modal
      opened={pendingId !== null}
      onClose={onClose}
      title="Choose the Pages to connect"
      centered
      size="lg"
    >
      {pendingId && <PagePicker pendingId={pendingId} onDone={onClose} />}
    </Modal>
  )
}

function PagePicker({ pendingId, onDone }: { pendingId: string; onDone: () => void }) {
  const workspace = useCurrentWorkspace()
  const pending = usePendingSignIn(workspace.id, pendingId)
  const complete = useCompletePending(workspace.id, pendingId)
  const [chosen, setChosen] = useState<string[]>([])

  if (pending.isPending) return <SectionLoader label="Loading your Pages" />
  if (pending.isError) return <ErrorState error={pending.error} onRetry={() => pending.refetch()} />
  const network = NETWORKS[pending.data.network]
  const choosable = pending.data.accounts.filter((account) => !account.problem)

  function submit() {
    complete.mutate(chosen, {
      onSuccess: (answer) => {
        notifySuccess(
          answer.data.length === 1
            ? `${answer.data[0]?.display_name} is connected.`
            : `${answer.data.length} ${network.name} Pages are connected.`,
          'Channel connected',
        )
        onDone()
      },
    })
  }

  return (
    <Stack gap="md">
      <Text size="sm">
        {network.name} gave Murmur access to these. Each one you choose becomes a channel; you can
        connect the others later by signing in again.
      </Text>
      {pending.data.warnings.map((warning) => (
        <Alert key={warning} color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
          {warning}
        </Alert>
      ))}
      <Checkbox.Group value={chosen} onChange={setChosen} label="Pages">
        <Stack gap="sm" mt="xs">
          {pending.data.accounts.map((account) => (
            <Group key={account.id} gap="sm" wrap="nowrap" align="flex-start">
              <Checkbox
                value={account.id}
                disabled={Boolean(account.problem)}
                aria-label={account.display_name}
                mt={4}
              />
              <Avatar
                src={account.avatar_url ?? undefined}
                alt=""
                size={32}
                radius="xl"
                name={account.display_name}
                color="initials"
              />
              <Stack gap={0} miw={0}>
                <Group gap="xs">
                  <Text fw={500}>{account.display_name}</Text>
                  {account.connected && (
                    <Badge size="xs" variant="light">
                      Already connected
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c={account.problem ? 'red' : 'dimmed'}>
                  {account.problem ??
                    (account.handle === account.display_name ? 'Page' : `@${account.handle}`)}
                </Text>
              </Stack>
            </Group>
          ))}
        </Stack>
      </Checkbox.Group>
      {complete.error && (
        <Alert color="red" variant="light">
          {errorMessage(complete.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button
          onClick={submit}
          loading={complete.isPending}
          disabled={chosen.length === 0 || choosable.length === 0}
        >
          Connect {chosen.length > 1 ? `${chosen.length} Pages` : 'Page'}
        </Button>
      </Group>
    </Stack>
  )
}
