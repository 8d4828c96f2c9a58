import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import type { ContactDetail } from '../../api/contact-types.js'
import {
  exportContactJson,
  useContacts,
  useEraseContact,
  useMergeContact,
  useSplitContact,
} from '../../api/contacts.js'
import { workspaceHref } from '../../app/workspace-context.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'

interface ActionProps {
  workspaceId: string
  contact: ContactDetail
  onClose: () => void
}

export function MergeModal({ workspaceId, contact, onClose }: ActionProps) {
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 250)
  const [otherId, setOtherId] = useState<string | null>(null)
  const candidates = useContacts(workspaceId, { q }, 1)
  const merge = useMergeContact(workspaceId)
  const options = (candidates.data ?? [])
    .filter((c) => c.id !== contact.id)
    .map((c) => ({
      value: c.id,
      label: `${c.display_name}${c.identities[0] ? ` (@${c.identities[0].handle})` : ''}`,
    }))
  return (
    <Modal opened onClose={onClose} title={`Merge another contact into ${contact.display_name}`}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Their identities, messages, notes, history and conversions move here; the other contact
          disappears. Split undoes a wrong merge.
        </Text>
        <Select
          label="Contact to merge in"
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          data={options}
          value={otherId}
          onChange={setOtherId}
          nothingFoundMessage="No contact found"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!otherId}
            loading={merge.isPending}
            onClick={() =>
              otherId &&
              merge.mutate(
                { keepId: contact.id, otherId },
                {
                  onSuccess: () => {
                    notifySuccess('Contacts merged.')
                    onClose()
                  },
                  onError: (error) => notifyError(error, 'The merge failed'),
                },
              )
            }
          >
            Merge
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export function SplitModal({ workspaceId, contact, onClose }: ActionProps) {
  const [picked, setPicked] = useState<string[]>([])
  const split = useSplitContact(workspaceId)
  const navigate = useNavigate()
  return (
    <Modal opened onClose={onClose} title={`Split ${contact.display_name}`}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The identities you pick (with their messages) become a new contact.
        </Text>
        <Checkbox.Group value={picked} onChange={setPicked} label="Identities to take off">
          <Stack gap={4} mt={4}>
            {contact.identities.map((identity) => (
              <Checkbox
                key={identity.id}
                value={identity.id}
                label={`${identity.network}: @${identity.handle}`}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={picked.length === 0 || picked.length === contact.identities.length}
            loading={split.isPending}
            onClick={() =>
              split.mutate(
                { contactId: contact.id, identityIds: picked },
                {
                  onSuccess: (created) => {
                    notifySuccess(`${created.display_name} is now a contact of their own.`)
                    onClose()
                    navigate(workspaceHref(workspaceId, `contacts/${created.id}`))
                  },
                  onError: (error) => notifyError(error, 'The split failed'),
                },
              )
            }
          >
            Split
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export function EraseModal({ workspaceId, contact, onClose }: ActionProps) {
  const [typed, setTyped] = useState('')
  const erase = useEraseContact(workspaceId)
  const navigate = useNavigate()
  return (
    <Modal opened onClose={onClose} title={`Erase ${contact.display_name}`}>
      <Stack gap="sm">
        <Text size="sm">
          Their contact, identities, notes and history are deleted; their messages lose their text;
          their name is replaced by [erased] in your replies and notes. This cannot be undone.
        </Text>
        <TextInput
          label={`Type ${contact.display_name} to confirm`}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={typed.trim() !== contact.display_name.trim()}
            loading={erase.isPending}
            onClick={() =>
              erase.mutate(contact.id, {
                onSuccess: (answer) => {
                  notifySuccess(
                    `Erased; ${answer.messages_anonymised} messages anonymised.`,
                    'Contact erased',
                  )
                  onClose()
                  navigate(workspaceHref(workspaceId, 'contacts'))
                },
                onError: (error) => notifyError(error, 'The erasure failed'),
              })
            }
          >
            Erase for good
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

/** Downloads everything held about the contact as one JSON file. */
export async function downloadContactExport(workspaceId: string, contact: ContactDetail) {
  try {
    const data = await exportContactJson(workspaceId, contact.id)
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })
    const url = URL.createObjectURL(blob)
    const anchor = document.createElement('a')
    anchor.href = url
    anchor.download = `contact-${contact.id}.json`
    anchor.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
    notifySuccess('Export downloaded.')
  } catch (error) {
    notifyError(error, 'The export failed')
  }
}
