import {
  Alert,
  Anchor,
  Button,
  Card,
  FileInput,
  Group,
  List,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core'
import { IconFileImport } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { useCan, useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { errorMessage, notifyError } from '../../lib/notify.js'
import { ExportCard } from './export-card.js'
import {
  type PostImport,
  useCancelImport,
  useConfirmImport,
  useImportProgress,
  usePreviewImport,
} from './import-api.js'
import { ImportPreview } from './import-preview.js'

/** Bulk import of posts from a spreadsheet, and export of a period's posts. */
export default function ImportPage() {
  const workspace = useCurrentWorkspace()
  const canWrite = useCan('content.write')
  return (
    <Stack gap="lg">
      <PageHeader
        title="Import and export posts"
        description="Bring many posts at once from a spreadsheet, or take your posts with you."
      />
      {canWrite && <ImportCard workspaceId={workspace.id} />}
      <ExportCard workspaceId={workspace.id} />
    </Stack>
  )
}

function ImportCard({ workspaceId }: { workspaceId: string }) {
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<PostImport | null>(null)
  const [runningId, setRunningId] = useState<string | null>(null)
  const upload = usePreviewImport(workspaceId)
  const confirm = useConfirmImport(workspaceId)
  const cancel = useCancelImport(workspaceId)
  const progress = useImportProgress(workspaceId, runningId)
  const current = progress.data ?? preview

  const reset = () => {
    setFile(null)
    setPreview(null)
    setRunningId(null)
    upload.reset()
  }

  const choose = async (chosen: File | null) => {
    reset()
    setFile(chosen)
    if (!chosen) return
    upload.mutate(
      { file_name: chosen.name, content: await chosen.text() },
      { onSuccess: (answer) => setPreview(answer) },
    )
  }

  const start = (skipBadRows: boolean) => {
    if (!preview) return
    confirm.mutate(
      { id: preview.id, skip_bad_rows: skipBadRows },
      {
        onSuccess: (answer) => {
          setPreview(answer)
          setRunningId(answer.id)
        },
        onError: (error) => notifyError(error, 'The import did not start'),
      },
    )
  }

  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Import posts from CSV
        </Title>
        <Text size="sm" c="dimmed">
          One post per row. Columns: <b>text</b>, <b>channels</b> (like
          bluesky:yourname.bsky.social), <b>time</b> (2026-12-01 09:30 in the workspace’s zone, an
          ISO time with its offset, “queue”, or empty for a draft), <b>images</b> (web addresses or
          media ids), <b>alt_text</b> (one per image, separated by |), <b>labels</b>,{' '}
          <b>campaign</b>, <b>first_comment</b>. Up to 1,000 rows. Every row is checked against each
          network’s rules before anything is created; a file imported twice creates nothing twice.
        </Text>
        <FileInput
          label="CSV file (or a JSON export)"
          accept=".csv,text/csv,.json,application/json"
          placeholder="posts.csv"
          leftSection={<IconFileImport size={16} />}
          value={file}
          onChange={choose}
          disabled={upload.isPending || current?.status === 'importing'}
        />
        {upload.isPending && <Text size="sm">Checking every row…</Text>}
        {upload.error && (
          <Alert color="red" title="This file cannot be imported">
            {errorMessage(upload.error)}
          </Alert>
        )}
        {current && current.status === 'ready' && (
          <>
            <ImportPreview preview={current} />
            <Group justify="flex-end">
              <Button
                variant="default"
                loading={cancel.isPending}
                onClick={() => cancel.mutate(current.id, { onSuccess: reset })}
              >
                Cancel
              </Button>
              {current.bad_rows > 0 ? (
                <Button
                  disabled={current.good_rows === 0}
                  loading={confirm.isPending}
                  onClick={() => start(true)}
                >
                  Import the {current.good_rows} good rows without the {current.bad_rows} with
                  problems
                </Button>
              ) : (
                <Button
                  disabled={current.good_rows === 0}
                  loading={confirm.isPending}
                  onClick={() => start(false)}
                >
                  Import {current.good_rows} posts
                </Button>
              )}
            </Group>
          </>
        )}
        {current && current.status !== 'ready' && current.status !== 'cancelled' && (
          <ImportRun current={current} workspaceId={workspaceId} onAgain={reset} />
        )}
      </Stack>
    </Card>
  )
}

function ImportRun({
  current,
  workspaceId,
  onAgain,
}: {
  current: PostImport
  workspaceId: string
  onAgain: () => void
}) {
  const { done, total, percent } = current.progress
  const finished = current.status === 'done'
  return (
    <Stack gap="xs">
      <Progress
        value={percent}
        size="lg"
        animated={!finished}
        aria-label="Import progress"
        aria-valuenow={percent}
      />
      <Text size="sm" aria-live="polite">
        {finished
          ? `Done: ${current.created_posts} posts created${current.failed_rows.length > 0 ? `, ${current.failed_rows.length} refused` : ''}.`
          : `Importing… ${done} of ${total} rows (${percent}%)`}
      </Text>
      {current.failed_rows.length > 0 && (
        <Alert color="orange" title="Refused while importing">
          <List size="xs">
            {current.failed_rows.map((failed) => (
              <List.Item key={failed.row}>
                Row {failed.row}: {failed.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {finished && (
        <Group>
          <Anchor component={Link} to={workspaceHref(workspaceId, 'calendar')}>
            See them in the calendar
          </Anchor>
          <Button variant="subtle" onClick={onAgain}>
            Import another file
          </Button>
        </Group>
      )}
    </Stack>
  )
}
