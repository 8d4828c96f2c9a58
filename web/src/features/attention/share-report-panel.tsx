import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useEffect, useState } from 'react'
import { useMembers } from '../../api/members.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { CopyField } from '../../components/copy-field.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import type { AttentionFilter } from './attention-api.js'
import {
  type DigestInput,
  useCreateReportLink,
  useDigest,
  useReportLinks,
  useRevokeReportLink,
  useSaveDigest,
  useSendDigestNow,
} from './share-report-api.js'

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—')

/** The scheduled email digest: frequency, day, time and recipients; send now. */
function DigestCard() {
  const workspace = useCurrentWorkspace()
  const canEdit = useCan('workspace.update')
  const digest = useDigest(workspace.id)
  const members = useMembers(workspace.id)
  const save = useSaveDigest(workspace.id)
  const sendNow = useSendDigestNow(workspace.id)
  const [form, setForm] = useState<DigestInput | null>(null)
  useEffect(() => {
    if (digest.data && !form) setForm(digest.data)
  }, [digest.data, form])
  if (!digest.data || !form) return null
  const d = digest.data
  const dayOptions =
    form.frequency === 'weekly'
      ? WEEKDAYS.map((label, i) => ({ value: String(i + 1), label }))
      : Array.from({ length: 28 }, (_, i) => ({ value: String(i + 1), label: `Day ${i + 1}` }))
  return (
    <Card withBorder radius="md" padding="md" id="digest">
      <Stack gap="sm">
        <Title order={4}>Email digest</Title>
        {!d.email_configured && (
          <Alert color="yellow">
            No mail server: set SMTP_URL for Murmur, or this workspace’s own server (see
            docs/email.md). Nothing is sent until then.
          </Alert>
        )}
        <Switch
          label="Send the attention digest with the PDF report"
          checked={form.enabled}
          disabled={!canEdit}
          onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Every"
            data={[
              { value: 'weekly', label: 'Week' },
              { value: 'monthly', label: 'Month' },
            ]}
            value={form.frequency}
            disabled={!canEdit}
            onChange={(value) =>
              value && setForm({ ...form, frequency: value as DigestInput['frequency'], day: 1 })
            }
          />
          <Select
            label={form.frequency === 'weekly' ? 'On' : 'On the'}
            data={dayOptions}
            value={String(form.day)}
            disabled={!canEdit}
            onChange={(value) => value && setForm({ ...form, day: Number(value) })}
          />
          <TextInput
            label={`At (${d.time_zone})`}
            value={form.time}
            placeholder="09:00"
            disabled={!canEdit}
            onChange={(e) => setForm({ ...form, time: e.currentTarget.value })}
          />
        </SimpleGrid>
        <MultiSelect
          label="Members"
          data={(members.data ?? []).map((m) => ({
            value: m.user_id,
            label: `${m.name} <${m.email}>`,
          }))}
          value={form.member_ids}
          disabled={!canEdit}
          onChange={(member_ids) => setForm({ ...form, member_ids })}
        />
        <TagsInput
          label="Other addresses"
          placeholder="client@example.com, Enter"
          value={form.addresses}
          disabled={!canEdit}
          onChange={(addresses) => setForm({ ...form, addresses })}
        />
        <Text size="xs" c="dimmed">
          Next: {when(d.next_due_at)} · Last sent: {when(d.last_sent_at)}
          {d.send_requested_at ? ' · Sending now…' : ''}
        </Text>
        {d.last_error && <Alert color="red">Last attempt: {d.last_error}</Alert>}
        {canEdit && (
          <Group>
            <Button
              loading={save.isPending}
              onClick={() =>
                save.mutate(form, {
                  onSuccess: () => notifySuccess('Digest saved'),
                  onError: (error) => notifyError(error),
                })
              }
            >
              Save
            </Button>
            <Button
              variant="default"
              loading={sendNow.isPending}
              onClick={() =>
                sendNow.mutate(undefined, {
                  onSuccess: () => notifySuccess('The digest goes out within a minute'),
                  onError: (error) => notifyError(error),
                })
              }
            >
              Send now
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  )
}

/** Public read-only links to the report of the period on screen: make, copy, revoke. */
function ReportLinksCard({ filter }: { filter: AttentionFilter }) {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const links = useReportLinks(workspace.id)
  const create = useCreateReportLink(workspace.id)
  const revoke = useRevokeReportLink(workspace.id)
  const [label, setLabel] = useState('')
  const [days, setDays] = useState<number | string>(30)
  const [made, setMade] = useState<string | null>(null)
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={4}>Share this report</Title>
        <Text size="sm" c="dimmed">
          A read-only link to the report of the period on screen, for someone without an account.
          The address is shown once.
        </Text>
        {canWrite && (
          <Group align="end">
            <TextInput
              label="Label"
              placeholder="March for Dana"
              value={label}
              onChange={(e) => setLabel(e.currentTarget.value)}
            />
            <NumberInput
              label="Expires after (days, empty: never)"
              min={1}
              max={365}
              value={days}
              onChange={setDays}
              w={220}
            />
            <Button
              loading={create.isPending}
              onClick={() =>
                create.mutate(
                  {
                    from: filter.from,
                    to: filter.to,
                    label: label.trim() || null,
                    expires_in_days: days === '' ? null : Number(days),
                  },
                  {
                    onSuccess: (link) => setMade(link.url),
                    onError: (error) => notifyError(error),
                  },
                )
              }
            >
              Make link
            </Button>
          </Group>
        )}
        {made && (
          <CopyField label="Link" value={made} description="Copy it now: it is not shown again." />
        )}
        {(links.data?.data ?? []).map((link) => (
          <Group key={link.id} justify="space-between">
            <Text size="sm">
              {link.label ?? 'Report'} · {link.period_from.slice(0, 10)} –{' '}
              {link.period_to.slice(0, 10)} · {link.views} views · expires {when(link.expires_at)}
            </Text>
            <Group gap="xs">
              <Badge color={link.state === 'active' ? 'green' : 'gray'}>{link.state}</Badge>
              {canWrite && link.state === 'active' && (
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => revoke.mutate(link.id, { onError: (error) => notifyError(error) })}
                >
                  Revoke
                </Button>
              )}
            </Group>
          </Group>
        ))}
      </Stack>
    </Card>
  )
}

/** Below the Attention screen: the scheduled digest and shareable report links. */
export function ShareReportPanel({ filter }: { filter: AttentionFilter }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <DigestCard />
      <ReportLinksCard filter={filter} />
    </SimpleGrid>
  )
}
