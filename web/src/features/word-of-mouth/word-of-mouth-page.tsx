import {
  Anchor,
  Button,
  Card,
  EmptyState,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core'
import { IconRefresh, IconShare } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useCan, useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { AdvocatesSection } from './advocates-section.js'
import {
  parseRoot,
  rootLabel,
  rootValue,
  type TreeNode,
  useCascade,
  useCascades,
  useSyncReshares,
} from './api.js'
import { CascadeTreeChart, GenerationsChart, nodeLabel, ViralityScatter } from './charts.js'
import { EarnedMediaSection } from './earned-media-section.js'
import { formatMoney } from './money.js'

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} aria-label={`${label}: ${value}`}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  )
}

function NodeDetails({ node, workspaceId }: { node: TreeNode; workspaceId: string }) {
  return (
    <Card withBorder radius="md" padding="md" aria-label="Selected share">
      <Stack gap={4}>
        <Text fw={600}>
          {node.contact ? (
            <Anchor component={Link} to={workspaceHref(workspaceId, `contacts/${node.contact.id}`)}>
              {nodeLabel(node)}
            </Anchor>
          ) : (
            nodeLabel(node)
          )}{' '}
          <Text span c="dimmed" size="sm">
            · generation {node.generation}
            {node.network && ` · ${node.network.kind} on ${node.network.network}`}
          </Text>
        </Text>
        <Text size="sm">
          Their link: {node.visits} visits, {node.leads} leads, {node.customers} customers
        </Text>
        {node.branch && (
          <Text size="sm">
            Through them: {node.branch.people_reached} people reached, {node.branch.visits} visits,{' '}
            {node.branch.customers} customers, {formatMoney(node.branch.revenue)} revenue
          </Text>
        )}
        {node.excluded && (
          <Text size="sm" c="orange">
            Left out of the numbers: {node.excluded.detail}
          </Text>
        )}
      </Stack>
    </Card>
  )
}

export default function WordOfMouthPage() {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  const [params, setParams] = useSearchParams()
  const cascades = useCascades(workspace.id)
  const chosen = parseRoot(params.get('root')) ?? cascades.data?.[0]?.root ?? null
  const cascade = useCascade(workspace.id, chosen)
  const [selected, setSelected] = useState<TreeNode | null>(null)
  const sync = useSyncReshares(workspace.id)

  const choose = (value: string | null) => {
    setSelected(null)
    setParams((current) => {
      const next = new URLSearchParams(current)
      if (value) next.set('root', value)
      else next.delete('root')
      return next
    })
  }

  const readReshares = () =>
    chosen?.kind === 'post' &&
    sync.mutate(chosen.id, {
      onSuccess: (result) => {
        const failed = result.channels.filter((c) => c.error)
        if (failed.length > 0) notifyError(new Error(failed.map((c) => c.error).join(' ')))
        else notifySuccess(`${result.added} new reshares added to the tree.`)
      },
      onError: (error) => notifyError(error),
    })

  return (
    <Stack gap="lg">
      <PageHeader
        title="Word of mouth"
        description="How your posts spread from person to person, who passed them on, and what it was worth."
      />
      {cascades.isPending ? (
        <SectionLoader label="Loading cascades" />
      ) : cascades.isError ? (
        <ErrorState error={cascades.error} onRetry={() => cascades.refetch()} />
      ) : cascades.data.length === 0 ? (
        <Card withBorder radius="md" padding="xl">
          <EmptyState
            variant="light"
            icon={<IconShare aria-hidden />}
            title="No share links yet"
            description="Give a post, link or campaign its original share link, then personal links to your contacts. Everyone who arrives can get their own, and the tree grows here."
          />
        </Card>
      ) : (
        <>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label="Cascade"
              data={cascades.data.map((c) => ({
                value: rootValue(c.root),
                label: rootLabel(c.root),
              }))}
              value={chosen ? rootValue(chosen) : null}
              onChange={choose}
              allowDeselect={false}
              style={{ flex: '1 1 260px', maxWidth: 420 }}
            />
            {canWrite && chosen?.kind === 'post' && (
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} aria-hidden />}
                loading={sync.isPending}
                onClick={readReshares}
              >
                Read reshares from Bluesky and Mastodon
              </Button>
            )}
          </Group>

          {cascade.isPending ? (
            <SectionLoader label="Loading the cascade" />
          ) : cascade.isError ? (
            <ErrorState error={cascade.error} onRetry={() => cascade.refetch()} />
          ) : (
            <>
              <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
                <Stat
                  label="People"
                  value={String(cascade.data.report.size)}
                  hint="post included"
                />
                <Stat label="Generations deep" value={String(cascade.data.report.depth)} />
                <Stat
                  label="Structural virality"
                  value={cascade.data.report.structural_virality.toFixed(2)}
                  hint="about 2: a broadcast; higher: person to person"
                />
                <Stat label="Visits" value={String(cascade.data.report.visits)} />
                <Stat label="Customers" value={String(cascade.data.report.customers)} />
                <Stat
                  label="Revenue"
                  value={formatMoney(cascade.data.report.conversions.revenue)}
                />
              </SimpleGrid>

              <Card withBorder radius="md" padding="md">
                <Stack gap="xs">
                  <Title order={2} size="h4">
                    Share tree
                  </Title>
                  <Text size="sm" c="dimmed">
                    Scroll to zoom, drag to move, click a person to see what came from them. Purple:
                    reshares on a network. Grey: left out of the numbers.
                  </Text>
                  <CascadeTreeChart nodes={cascade.data.nodes} onSelect={setSelected} />
                  {selected && <NodeDetails node={selected} workspaceId={workspace.id} />}
                  {cascade.data.report.excluded.count > 0 && (
                    <Text size="sm" c="dimmed">
                      {cascade.data.report.excluded.count} shares left out:{' '}
                      {cascade.data.report.excluded.nodes.map((n) => n.detail).join(' ')}
                    </Text>
                  )}
                </Stack>
              </Card>

              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                <Card withBorder radius="md" padding="md">
                  <GenerationsChart generations={cascade.data.report.generations} />
                </Card>
                <Card withBorder radius="md" padding="md">
                  <ViralityScatter cascades={cascades.data} label={(c) => rootLabel(c.root)} />
                </Card>
              </SimpleGrid>
            </>
          )}

          <AdvocatesSection workspaceId={workspace.id} root={chosen} />
        </>
      )}
      <EarnedMediaSection workspaceId={workspace.id} />
    </Stack>
  )
}
