import { Badge, Group, Menu, Paper, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core'
import { useState } from 'react'
import { Link } from 'react-router'
import type { Contact } from '../../api/contact-types.js'
import { type ContactStage, STAGES } from '../../api/inbox-types.js'
import { workspaceHref } from '../../app/workspace-context.js'
import { NetworkIcon } from '../inbox/network-icon.js'
import { type PendingMove, StageMoveModal } from './stage-move-modal.js'

interface ContactsBoardProps {
  workspaceId: string
  contacts: Contact[]
  counts: Partial<Record<ContactStage, number>>
  canWrite: boolean
}

/** Columns by stage; drag a card (or use its menu) to move it, with a reason. */
export function ContactsBoard({ workspaceId, contacts, counts, canWrite }: ContactsBoardProps) {
  const [pending, setPending] = useState<PendingMove | null>(null)
  const [over, setOver] = useState<ContactStage | null>(null)
  const byId = new Map(contacts.map((c) => [c.id, c]))

  const propose = (contact: Contact, to: ContactStage) => {
    if (contact.stage !== to)
      setPending({ contactId: contact.id, name: contact.display_name, from: contact.stage, to })
  }

  return (
    <ScrollArea type="auto" offsetScrollbars>
      <Group align="flex-start" wrap="nowrap" gap="sm">
        {STAGES.map((stage) => {
          const column = contacts.filter((c) => c.stage === stage)
          return (
            <Paper
              key={stage}
              withBorder
              radius="md"
              p="xs"
              miw={190}
              style={{ flex: '1 0 190px' }}
              data-stage-column={stage}
              aria-label={`Stage ${stage}`}
              bg={over === stage ? 'var(--mantine-primary-color-light)' : undefined}
              onDragOver={(event) => {
                if (!canWrite) return
                event.preventDefault()
                setOver(stage)
              }}
              onDragLeave={() => setOver(null)}
              onDrop={(event) => {
                event.preventDefault()
                setOver(null)
                const contact = byId.get(event.dataTransfer.getData('text/contact-id'))
                if (contact) propose(contact, stage)
              }}
            >
              <Group justify="space-between" mb="xs">
                <Text fw={600} size="sm" tt="capitalize">
                  {stage}
                </Text>
                <Badge size="sm" variant="light" color="gray">
                  {counts[stage] ?? column.length}
                </Badge>
              </Group>
              <Stack gap={6} mih={80}>
                {column.map((contact) => (
                  <Paper
                    key={contact.id}
                    withBorder
                    p={8}
                    radius="sm"
                    draggable={canWrite}
                    data-contact-card={contact.id}
                    onDragStart={(event) => {
                      event.dataTransfer.setData('text/contact-id', contact.id)
                      event.dataTransfer.effectAllowed = 'move'
                    }}
                    style={{ cursor: canWrite ? 'grab' : undefined }}
                  >
                    <Group justify="space-between" wrap="nowrap" gap={4}>
                      <UnstyledButton
                        component={Link}
                        to={workspaceHref(workspaceId, `contacts/${contact.id}`)}
                        style={{ minWidth: 0 }}
                      >
                        <Text size="sm" fw={500} truncate>
                          {contact.display_name}
                        </Text>
                      </UnstyledButton>
                      {canWrite && (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <UnstyledButton
                              aria-label={`Move ${contact.display_name}`}
                              fz="xs"
                              c="dimmed"
                            >
                              Move
                            </UnstyledButton>
                          </Menu.Target>
                          <Menu.Dropdown>
                            {STAGES.filter((s) => s !== contact.stage).map((s) => (
                              <Menu.Item key={s} onClick={() => propose(contact, s)}>
                                to {s}
                              </Menu.Item>
                            ))}
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Group>
                    <Group gap={4}>
                      {[...new Set(contact.identities.map((i) => i.network))].map((n) => (
                        <NetworkIcon key={n} network={n} size={12} />
                      ))}
                      <Text size="xs" c="dimmed">
                        {contact.message_count} msg
                      </Text>
                    </Group>
                  </Paper>
                ))}
              </Stack>
            </Paper>
          )
        })}
      </Group>
      {pending && (
        <StageMoveModal workspaceId={workspaceId} move={pending} onClose={() => setPending(null)} />
      )}
    </ScrollArea>
  )
}
