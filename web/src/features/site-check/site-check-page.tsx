import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  EmptyState,
  Grid,
  Group,
  NumberInput,
  Progress,
  RingProgress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { IconAlertTriangle, IconPlayerPlay, IconSearch } from '@tabler/icons-react'
import { type FormEvent, useEffect, useState } from 'react'
import { isApiError } from '../../api/client.js'
import { usePageSettings } from '../../api/pages.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { errorMessage } from '../../lib/notify.js'
import { FindingsList, SEVERITY_COLOR } from './findings-list.js'
import { ScoreChart } from './score-chart.js'
import {
  type SiteCheck,
  type SiteCheckDetail,
  useSiteCheck,
  useSiteChecks,
  useStartSiteCheck,
} from './site-check-api.js'

const scoreColor = (score: number) => (score >= 90 ? 'teal' : score >= 50 ? 'yellow' : 'red')

const dateTime = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  )

function StartForm({ defaultUrl, running }: { defaultUrl: string; running: boolean }) {
  const workspace = useCurrentWorkspace()
  const start = useStartSiteCheck(workspace.id)
  const [url, setUrl] = useState(defaultUrl)
  const [maxPages, setMaxPages] = useState<number | string>(50)
  useEffect(() => setUrl((current) => current || defaultUrl), [defaultUrl])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    start.mutate({
      ...(url.trim() ? { url: url.trim() } : {}),
      max_pages: typeof maxPages === 'number' ? maxPages : 50,
    })
  }
  const fieldError =
    isApiError(start.error) && start.error.fieldErrors.url ? errorMessage(start.error) : null

  return (
    <Card withBorder component="form" onSubmit={submit} aria-label="Run a site check">
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Your website"
          placeholder="https://cornerbakery.example"
          value={url}
          onChange={(event) => setUrl(event.currentTarget.value)}
          error={fieldError}
          style={{ flex: '1 1 320px' }}
        />
        <NumberInput
          label="Pages to check"
          description="Besides the home page"
          min={0}
          max={500}
          value={maxPages}
          onChange={setMaxPages}
          w={150}
        />
        <Button
          type="submit"
          loading={start.isPending}
          disabled={running}
          leftSection={<IconPlayerPlay size={16} />}
        >
          {running ? 'A check is running' : 'Check my site'}
        </Button>
      </Group>
      {start.isError && !fieldError && (
        <Alert mt="sm" color="red" icon={<IconAlertTriangle size={16} />}>
          {errorMessage(start.error)}
        </Alert>
      )}
    </Card>
  )
}

function RunProgress({ check }: { check: SiteCheck }) {
  const { done, total } = check.progress
  const percent = total > 0 ? Math.round((done / total) * 100) : 0
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Text fw={500}>Checking {check.site_url}…</Text>
        <Progress value={percent} animated aria-label="Site check progress" />
        <Text size="sm" c="dimmed">
          {done} of {total} {total === 1 ? 'page' : 'pages'} read. It takes up to 2 minutes; you can
          leave this screen and come back.
        </Text>
      </Stack>
    </Card>
  )
}

function RunSummary({ check }: { check: SiteCheckDetail }) {
  const score = check.score ?? 0
  const previous = check.comparison?.previous_score ?? null
  return (
    <Card withBorder>
      <Group gap="xl" wrap="wrap">
        <RingProgress
          size={110}
          thickness={10}
          roundCaps
          sections={[{ value: score, color: scoreColor(score) }]}
          label={
            <Text ta="center" fw={700} size="xl" aria-label={`Score ${score} out of 100`}>
              {score}
            </Text>
          }
        />
        <Stack gap={4}>
          <Text fw={600}>{check.home_url ?? check.site_url}</Text>
          <Text size="sm" c="dimmed">
            {check.pages_checked} pages checked on {dateTime(check.created_at)}
            {check.not_checked > 0 ? `, ${check.not_checked} more found but not checked` : ''}.
          </Text>
          <Group gap="xs">
            {(['error', 'warning', 'info'] as const).map((severity) => (
              <Badge key={severity} color={SEVERITY_COLOR[severity]} variant="light">
                {check.counts[severity]} {severity === 'info' ? 'info' : `${severity}s`}
              </Badge>
            ))}
          </Group>
          {check.comparison && (
            <Text size="sm">
              Since the last run: {check.comparison.fixed.length} fixed, {check.comparison.added}{' '}
              new
              {previous !== null ? `; score ${previous} → ${score}` : ''}.
            </Text>
          )}
        </Stack>
      </Group>
    </Card>
  )
}

function PagesTable({ check }: { check: SiteCheckDetail }) {
  if (check.pages.length === 0) return null
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Page</Table.Th>
            <Table.Th>Title</Table.Th>
            <Table.Th ta="right">Size</Table.Th>
            <Table.Th ta="right">Findings</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {check.pages.map((page) => (
            <Table.Tr key={page.url}>
              <Table.Td>
                <Anchor href={page.url} target="_blank" rel="noreferrer" size="sm">
                  {new URL(page.url).pathname}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={1}>
                  {page.title ?? '(no title)'}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{Math.round(page.bytes / 1024)} KB</Table.Td>
              <Table.Td ta="right">{page.findings}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

function RunView({ id }: { id: string }) {
  const workspace = useCurrentWorkspace()
  const check = useSiteCheck(workspace.id, id)
  if (check.isPending) return <SectionLoader label="Loading the run" />
  if (check.isError) return <ErrorState error={check.error} onRetry={() => check.refetch()} />
  const run = check.data
  if (run.status === 'running') return <RunProgress check={run} />
  if (run.status === 'failed')
    return (
      <Alert
        color="red"
        icon={<IconAlertTriangle size={16} />}
        title="The site could not be checked"
      >
        {run.failure}
      </Alert>
    )
  return (
    <Stack gap="md">
      <RunSummary check={run} />
      <Title order={2} size="h4">
        What to fix
      </Title>
      <FindingsList check={run} />
      <Title order={2} size="h4">
        Pages checked
      </Title>
      <PagesTable check={run} />
    </Stack>
  )
}

function History({
  runs,
  selected,
  onSelect,
}: {
  runs: SiteCheck[]
  selected: string | null
  onSelect: (id: string) => void
}) {
  return (
    <Table highlightOnHover aria-label="Earlier runs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Site</Table.Th>
          <Table.Th ta="right">Score</Table.Th>
          <Table.Th ta="right">Errors</Table.Th>
          <Table.Th ta="right">Warnings</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.map((run) => (
          <Table.Tr
            key={run.id}
            onClick={() => onSelect(run.id)}
            bg={run.id === selected ? 'var(--mantine-primary-color-light)' : undefined}
            style={{ cursor: 'pointer' }}
          >
            <Table.Td>
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => onSelect(run.id)}
                aria-current={run.id === selected ? 'true' : undefined}
              >
                {dateTime(run.created_at)}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Text size="sm" lineClamp={1}>
                {run.site_url}
              </Text>
            </Table.Td>
            <Table.Td ta="right">
              {run.status === 'done' ? (
                <Badge color={scoreColor(run.score ?? 0)} variant="light">
                  {run.score}
                </Badge>
              ) : (
                <Text size="sm" c={run.status === 'failed' ? 'red' : 'dimmed'}>
                  {run.status === 'failed' ? 'failed' : 'running'}
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right">{run.status === 'done' ? run.counts.error : '–'}</Table.Td>
            <Table.Td ta="right">{run.status === 'done' ? run.counts.warning : '–'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

export default function SiteCheckPage() {
  const workspace = useCurrentWorkspace()
  const canRun = useCan('content.write')
  const runs = useSiteChecks(workspace.id)
  const page = usePageSettings(workspace.id)
  const [selected, setSelected] = useState<string | null>(null)
  const latest = runs.data?.[0] ?? null
  // A new run (started here or elsewhere) takes the screen, so its progress shows at once.
  useEffect(() => setSelected(latest?.id ?? null), [latest?.id])

  const running = runs.data?.some((run) => run.status === 'running') ?? false
  const shown = runs.data?.find((run) => run.id === selected) ?? latest
  const sameSite = runs.data?.filter((run) => run.site_url === shown?.site_url) ?? []
  const defaultUrl = latest?.site_url ?? page.data?.contact.website ?? ''

  return (
    <Stack gap="lg">
      <PageHeader
        title="Site check"
        description="What stands between your website and the first page of search results, page by page, with how to fix it."
      />
      {canRun && <StartForm defaultUrl={defaultUrl} running={running} />}
      {runs.isPending ? (
        <SectionLoader label="Loading site checks" />
      ) : runs.isError ? (
        <ErrorState error={runs.error} onRetry={() => runs.refetch()} />
      ) : !shown ? (
        <EmptyState
          py="xl"
          icon={<IconSearch size={28} aria-hidden />}
          title="Check your website"
          description="Murmur reads your home page and up to 50 pages it links to, the way a search engine does, and lists what to fix, most harmful first."
        />
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <RunView id={shown.id} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="md">
              {sameSite.filter((run) => run.status === 'done').length >= 2 && (
                <Card withBorder>
                  <ScoreChart runs={sameSite} site={new URL(shown.site_url).host} />
                </Card>
              )}
              <Card withBorder>
                <Title order={2} size="h5" mb="xs">
                  Runs
                </Title>
                <History runs={runs.data} selected={shown.id} onSelect={setSelected} />
              </Card>
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  )
}
