import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { useMoveStage } from '../../api/contacts.js'
import type { ContactStage } from '../../api/inbox-types.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'

export interface PendingMove {
  contactId: string
  name: string
  from: ContactStage
  to: ContactStage
}

/** Every stage change by hand carries a reason, kept in the contact's history. */
export function StageMoveModal({
  workspaceId,
  move,
  onClose,
}: {
  workspaceId: string
  move: PendingMove
  onClose: () => void
}) {
  const [reason, setReason] = useState('')
  const mutation = useMoveStage(workspaceId)
  return (
    <Modal opened onClose={onClose} title={`Move ${move.name} to ${move.to}`}>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          mutation.mutate(
            { contactId: move.contactId, stage: move.to, reason: reason.trim() || undefined },
            {
              onSuccess: () => {
                notifySuccess(`${move.name} is now ${move.to}.`)
                onClose()
              },
              onError: (error) => notifyError(error, 'The stage was not changed'),
            },
          )
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            From {move.from} to {move.to}. The reason is kept in their timeline.
          </Text>
          <TextInput
            label="Why"
            placeholder="Asked for a quote by phone"
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Move to {move.to}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
