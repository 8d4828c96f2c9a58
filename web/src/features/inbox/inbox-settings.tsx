import {
  ActionIcon,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import {
  useDeleteIntentRule,
  useDeleteSavedReply,
  useIntentRules,
  useResetIntentRules,
  useSavedReplies,
  useSaveIntentRule,
  useSaveSavedReply,
  useTryIntentRules,
} from '../../api/inbox.js'
import { INTENTS, type Intent, type IntentRule, type SavedReply } from '../../api/inbox-types.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { fieldError, notifyError, notifySuccess } from '../../lib/notify.js'
import { MessageLabels } from './labels.js'

interface InboxSettingsProps {
  workspaceId: string
  canWrite: boolean
}

export function InboxSettings({ workspaceId, canWrite }: InboxSettingsProps) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <SavedReplies workspaceId={workspaceId} canWrite={canWrite} />
      <IntentRules workspaceId={workspaceId} canWrite={canWrite} />
    </SimpleGrid>
  )
}

function SavedReplies({ workspaceId, canWrite }: InboxSettingsProps) {
  const replies = useSavedReplies(workspaceId)
  const remove = useDeleteSavedReply(workspaceId)
  const [editing, setEditing] = useState<SavedReply | 'new' | null>(null)
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Saved replies
        </Title>
        {canWrite && (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setEditing('new')}
          >
            New saved reply
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Answers you give often. They may say {(replies.data?.placeholders ?? []).join(', ')}: Murmur
        fills them in for the person you answer.
      </Text>
      {replies.isPending && <SectionLoader />}
      {replies.isError && <ErrorState error={replies.error} onRetry={() => replies.refetch()} />}
      {replies.data?.data.length === 0 && (
        <Text size="sm" c="dimmed">
          No saved reply yet.
        </Text>
      )}
      {replies.data?.data.map((reply) => (
        <Paper key={reply.id} withBorder p="sm" radius="md">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600} size="sm">
                {reply.name}
              </Text>
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {reply.body}
              </Text>
            </Stack>
            {canWrite && (
              <Group gap={4} wrap="nowrap">
                <ActionIcon
                  variant="subtle"
                  aria-label={`Edit ${reply.name}`}
                  onClick={() => setEditing(reply)}
                >
                  <IconPencil size={16} aria-hidden />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Delete ${reply.name}`}
                  onClick={() =>
                    remove.mutate(reply.id, {
                      onSuccess: () => notifySuccess(`Saved reply “${reply.name}” deleted.`),
                      onError: (error) => notifyError(error),
                    })
                  }
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            )}
          </Group>
        </Paper>
      ))}
      {editing && (
        <SavedReplyModal
          workspaceId={workspaceId}
          reply={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  )
}

function SavedReplyModal({
  workspaceId,
  reply,
  onClose,
}: {
  workspaceId: string
  reply: SavedReply | null
  onClose: () => void
}) {
  const [name, setName] = useState(reply?.name ?? '')
  const [body, setBody] = useState(reply?.body ?? '')
  const save = useSaveSavedReply(workspaceId)
  return (
    <Modal opened onClose={onClose} title={reply ? 'Edit saved reply' : 'New saved reply'}>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          save.mutate(
            { id: reply?.id, name, body },
            {
              onSuccess: () => {
                notifySuccess(`Saved reply “${name}” saved.`)
                onClose()
              },
              onError: (error) => notifyError(error, 'The saved reply was not saved'),
            },
          )
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(save.error, 'name')}
          />
          <Textarea
            label="Text"
            description="May say {first_name}, {name} and {handle}"
            required
            autosize
            minRows={3}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={fieldError(save.error, 'body')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

function IntentRules({ workspaceId, canWrite }: InboxSettingsProps) {
  const rules = useIntentRules(workspaceId)
  const save = useSaveIntentRule(workspaceId)
  const remove = useDeleteIntentRule(workspaceId)
  const reset = useResetIntentRules(workspaceId)
  const [editing, setEditing] = useState<IntentRule | 'new' | null>(null)
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Intent rules
        </Title>
        {canWrite && (
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              loading={reset.isPending}
              onClick={() =>
                reset.mutate(undefined, {
                  onSuccess: () => notifySuccess('The default rules are back.'),
                  onError: (error) => notifyError(error),
                })
              }
            >
              Reset to defaults
            </Button>
            <Button
              size="xs"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => setEditing('new')}
            >
              New rule
            </Button>
          </Group>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        A message containing one of a rule’s phrases gets its intent. Phrases match whole words in
        any case; write <code>/like this/</code> for a regular expression. Changes apply to new
        messages.
      </Text>
      <TryRules workspaceId={workspaceId} />
      {rules.isPending && <SectionLoader />}
      {rules.isError && <ErrorState error={rules.error} onRetry={() => rules.refetch()} />}
      {rules.data?.map((rule) => (
        <Paper key={rule.id} withBorder p="sm" radius="md" opacity={rule.enabled ? 1 : 0.6}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Group gap={6}>
                <Text fw={600} size="sm">
                  {rule.name}
                </Text>
                <MessageLabels sentiment={null} intent={rule.intent} />
              </Group>
              <Text size="xs" c="dimmed">
                Matches: {rule.phrases.map((p) => `“${p}”`).join(', ')}
              </Text>
            </Stack>
            {canWrite && (
              <Group gap={4} wrap="nowrap">
                <Switch
                  size="xs"
                  aria-label={`${rule.name} enabled`}
                  checked={rule.enabled}
                  onChange={(e) =>
                    save.mutate(
                      { id: rule.id, enabled: e.currentTarget.checked },
                      { onError: (error) => notifyError(error) },
                    )
                  }
                />
                <ActionIcon
                  variant="subtle"
                  aria-label={`Edit ${rule.name}`}
                  onClick={() => setEditing(rule)}
                >
                  <IconPencil size={16} aria-hidden />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Delete ${rule.name}`}
                  onClick={() =>
                    remove.mutate(rule.id, {
                      onSuccess: () => notifySuccess(`Rule “${rule.name}” deleted.`),
                      onError: (error) => notifyError(error),
                    })
                  }
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            )}
          </Group>
        </Paper>
      ))}
      {editing && (
        <IntentRuleModal
          workspaceId={workspaceId}
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  )
}

function TryRules({ workspaceId }: { workspaceId: string }) {
  const [text, setText] = useState('')
  const tryRules = useTryIntentRules(workspaceId)
  return (
    <Paper withBorder p="sm" radius="md">
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (text.trim()) tryRules.mutate(text, { onError: (error) => notifyError(error) })
        }}
      >
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            size="xs"
            label="Try a message"
            placeholder="How much is the big one?"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <Button size="xs" type="submit" variant="default" loading={tryRules.isPending}>
            Try
          </Button>
        </Group>
      </form>
      {tryRules.data && (
        <Stack gap={2} mt="xs">
          <MessageLabels
            sentiment={tryRules.data.sentiment}
            intent={tryRules.data.intent}
            labels={tryRules.data.labels}
          />
          {tryRules.data.labels.map((label) => (
            <Text key={`${label.type}-${label.value}-${label.rule_id ?? ''}`} size="xs" c="dimmed">
              {label.reason}
            </Text>
          ))}
          {tryRules.data.labels.length === 0 && (
            <Text size="xs" c="dimmed">
              No label: neutral, and no rule matches.
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  )
}

function IntentRuleModal({
  workspaceId,
  rule,
  onClose,
}: {
  workspaceId: string
  rule: IntentRule | null
  onClose: () => void
}) {
  const [name, setName] = useState(rule?.name ?? '')
  const [intent, setIntent] = useState<Intent>(rule?.intent ?? 'question')
  const [phrases, setPhrases] = useState((rule?.phrases ?? []).join('\n'))
  const save = useSaveIntentRule(workspaceId)
  return (
    <Modal opened onClose={onClose} title={rule ? 'Edit rule' : 'New rule'}>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          const list = phrases
            .split('\n')
            .map((p) => p.trim())
            .filter(Boolean)
          save.mutate(
            { id: rule?.id, name, intent, phrases: list },
            {
              onSuccess: () => {
                notifySuccess(`Rule “${name}” saved.`)
                onClose()
              },
              onError: (error) => notifyError(error, 'The rule was not saved'),
            },
          )
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(save.error, 'name')}
          />
          <Select
            label="Intent"
            data={INTENTS}
            value={intent}
            allowDeselect={false}
            onChange={(value) => value && setIntent(value as Intent)}
          />
          <Textarea
            label="Phrases"
            description="One a line"
            required
            autosize
            minRows={4}
            value={phrases}
            onChange={(e) => setPhrases(e.currentTarget.value)}
            error={fieldError(save.error, 'phrases')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
