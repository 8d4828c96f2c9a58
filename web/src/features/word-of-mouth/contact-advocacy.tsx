import { Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { get } from '../../api/client.js'
import { workspaceHref } from '../../app/workspace-context.js'
import type { Advocate, Reward } from './api.js'
import { formatMoney } from './money.js'

const base = (workspaceId: string) => `/api/v1/workspaces/${workspaceId}`

/** What came down this contact's share branches, and the rewards they earned (contact page). */
export function ContactAdvocacy({
  workspaceId,
  contactId,
}: {
  workspaceId: string
  contactId: string
}) {
  const credit = useQuery({
    queryKey: ['workspaces', workspaceId, 'word-of-mouth', 'advocates', 'contact', contactId],
    queryFn: async () =>
      (
        await get<{ data: Advocate[] }>(
          `${base(workspaceId)}/advocates?contact_id=${encodeURIComponent(contactId)}&limit=1`,
        )
      ).data[0] ?? null,
  })
  const rewards = useQuery({
    queryKey: ['workspaces', workspaceId, 'word-of-mouth', 'rewards', 'contact', contactId],
    queryFn: async () =>
      (
        await get<{ data: Reward[] }>(
          `${base(workspaceId)}/rewards?contact_id=${encodeURIComponent(contactId)}`,
        )
      ).data,
  })
  // Nothing to say about people who never shared: the card stays out of the way.
  if (!credit.data && (rewards.data ?? []).length === 0) return null
  const a = credit.data
  return (
    <Paper withBorder p="sm" radius="md" aria-label="As an advocate">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600} size="sm">
            As an advocate
          </Text>
          <Text size="xs" component={Link} to={workspaceHref(workspaceId, 'word-of-mouth')}>
            Word of mouth
          </Text>
        </Group>
        {a && (
          <SimpleGrid cols={2} spacing={4}>
            <Text size="sm">Share links: {a.share_links}</Text>
            <Text size="sm">People reached: {a.people_reached}</Text>
            <Text size="sm">Visitors: {a.visitors}</Text>
            <Text size="sm">Leads: {a.leads}</Text>
            <Text size="sm">Customers: {a.customers}</Text>
            <Text size="sm">Revenue: {formatMoney(a.revenue)}</Text>
          </SimpleGrid>
        )}
        {(rewards.data ?? []).map((reward) => (
          <Group key={reward.id} gap={6} wrap="nowrap">
            <Badge size="sm" color={reward.state === 'due' ? 'orange' : 'gray'}>
              {reward.state === 'due' ? 'Reward due' : 'Given'}
            </Badge>
            <Text size="sm" truncate title={reward.reason}>
              {reward.rule.reward} ({reward.rule.name})
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  )
}
