import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useState } from 'react'
import { useCan } from '../../app/workspace-context.js'
import { SectionLoader } from '../../components/status-screens.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import {
  type RootKind,
  useAdvocates,
  useCreateRule,
  useMarkRewardGiven,
  useRewardRules,
  useRewards,
} from './api.js'
import { formatMoney } from './money.js'

function NewRuleForm({ workspaceId, onDone }: { workspaceId: string; onDone: () => void }) {
  const create = useCreateRule(workspaceId)
  const [name, setName] = useState('Ambassador')
  const [reward, setReward] = useState('')
  const [visits, setVisits] = useState<number | string>(10)
  const [customers, setCustomers] = useState<number | string>(1)
  const conditions = [
    ...(Number(visits) > 0 ? [{ metric: 'visits', at_least: Number(visits) }] : []),
    ...(Number(customers) > 0 ? [{ metric: 'customers', at_least: Number(customers) }] : []),
  ]
  return (
    <form
      aria-label="New reward rule"
      onSubmit={(event) => {
        event.preventDefault()
        create.mutate(
          { name, reward, conditions },
          {
            onSuccess: () => {
              notifySuccess('Reward rule saved')
              onDone()
            },
            onError: (error) => notifyError(error),
          },
        )
      }}
    >
      <Stack gap="xs">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="Rule name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label="Reward"
            placeholder="A free box of pastries"
            value={reward}
            onChange={(e) => setReward(e.currentTarget.value)}
          />
          <NumberInput label="Visits" min={0} value={visits} onChange={setVisits} w={110} />
          <NumberInput
            label="or customers"
            min={0}
            value={customers}
            onChange={setCustomers}
            w={120}
          />
        </Group>
        <Text size="xs" c="dimmed">
          Due when a sharer reaches any one of these through their links and everyone below them.
          Leave a number at 0 to ignore it.
        </Text>
        <Group gap="xs">
          <Button type="submit" loading={create.isPending} disabled={conditions.length === 0}>
            Save rule
          </Button>
          <Button variant="subtle" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** The sharers whose branches brought the most, with the rewards they earned. */
export function AdvocatesSection({
  workspaceId,
  root,
}: {
  workspaceId: string
  root: { kind: RootKind; id: string } | null
}) {
  const canWrite = useCan('content.write')
  const advocates = useAdvocates(workspaceId, root)
  const rewards = useRewards(workspaceId)
  const rules = useRewardRules(workspaceId)
  const give = useMarkRewardGiven(workspaceId)
  const [adding, setAdding] = useState(false)
  const rewardsOf = (key: string) => (rewards.data ?? []).filter((r) => r.sharer_key === key)

  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            Top advocates
          </Title>
          {canWrite && !adding && (
            <Button variant="default" size="xs" onClick={() => setAdding(true)}>
              Add a reward rule
            </Button>
          )}
        </Group>
        {(rules.data ?? []).length > 0 && (
          <Text size="sm" c="dimmed">
            Reward rules:{' '}
            {(rules.data ?? [])
              .map((r) => `${r.name} (${r.reward}): ${r.summary}${r.active ? '' : ', paused'}`)
              .join('; ')}
          </Text>
        )}
        {adding && <NewRuleForm workspaceId={workspaceId} onDone={() => setAdding(false)} />}
        {advocates.isPending ? (
          <SectionLoader label="Loading advocates" />
        ) : (advocates.data ?? []).length === 0 ? (
          <Text size="sm" c="dimmed">
            Nobody has shared this yet.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Top advocates" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Sharer</Table.Th>
                  <Table.Th ta="right">People reached</Table.Th>
                  <Table.Th ta="right">Visits</Table.Th>
                  <Table.Th ta="right">Customers</Table.Th>
                  <Table.Th ta="right">Revenue</Table.Th>
                  <Table.Th>Rewards</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(advocates.data ?? []).map((a) => (
                  <Table.Tr key={a.sharer_key}>
                    <Table.Td>{a.sharer}</Table.Td>
                    <Table.Td ta="right">{a.people_reached}</Table.Td>
                    <Table.Td ta="right">{a.visitors}</Table.Td>
                    <Table.Td ta="right">{a.customers}</Table.Td>
                    <Table.Td ta="right">{formatMoney(a.revenue)}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {rewardsOf(a.sharer_key).map((r) => (
                          <Group key={r.id} gap={4} wrap="nowrap">
                            <Badge
                              color={r.state === 'due' ? 'orange' : 'gray'}
                              variant="light"
                              title={r.reason}
                            >
                              {r.state === 'due' ? 'Due' : 'Given'}: {r.rule.reward}
                            </Badge>
                            {r.state === 'due' && canWrite && (
                              <Button
                                size="compact-xs"
                                variant="subtle"
                                onClick={() =>
                                  give.mutate(r.id, {
                                    onSuccess: () => notifySuccess('Marked as given'),
                                    onError: (error) => notifyError(error),
                                  })
                                }
                              >
                                Mark given
                              </Button>
                            )}
                          </Group>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  )
}
