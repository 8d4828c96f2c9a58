import { Alert, Button, FileInput, Group, List, Modal, Progress, Stack, Text } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { post } from '../../api/client.js'
import type { ImportResult } from '../../api/contact-types.js'
import { contactsKey, contactsPath } from '../../api/contacts.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { csvParts, csvRecords } from './csv-chunks.js'

/** Rows sent per request: small enough for steady progress, large enough to stay quick. */
const ROWS_PER_PART = 200
/** The documented limit of one import (docs/contacts.md). */
const MAX_ROWS = 10_000

/**
 * Sends the file in parts of ROWS_PER_PART rows, each with the header, and adds up the answers;
 * error lines are shifted back to lines of the whole file.
 */
async function importInParts(
  workspaceId: string,
  text: string,
  onProgress: (done: number, total: number) => void,
): Promise<ImportResult> {
  const total = csvRecords(text).records.length
  if (total > MAX_ROWS)
    throw new Error(`The file has ${total} rows; import at most ${MAX_ROWS} at a time.`)
  const result: ImportResult = { rows: 0, created: 0, updated: 0, skipped: 0, errors: [] }
  onProgress(0, total)
  for (const part of csvParts(text, ROWS_PER_PART)) {
    const answer = await post<ImportResult>(`${contactsPath(workspaceId)}/import`, {
      csv: part.csv,
    })
    result.rows += answer.rows
    result.created += answer.created
    result.updated += answer.updated
    result.skipped += answer.skipped
    result.errors.push(
      ...answer.errors.map((error) => ({ ...error, line: error.line + part.offset })),
    )
    onProgress(part.offset + part.count, total)
  }
  return result
}

/** Imports a CSV file and shows what happened, row by row for refused ones. */
export function ImportModal({
  workspaceId,
  onClose,
}: {
  workspaceId: string
  onClose: () => void
}) {
  const [file, setFile] = useState<File | null>(null)
  const [result, setResult] = useState<ImportResult | null>(null)
  const queryClient = useQueryClient()
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const running = progress !== null && result === null
  return (
    <Modal opened onClose={onClose} title="Import contacts from CSV">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The first line names the columns: display_name (or name), first_name, email, customer_id,
          stage, tags (separated by ;), and one column per network with the handle. Rows matching an
          existing contact (email, customer id, then handle) update it.
        </Text>
        <FileInput
          label="CSV file"
          accept=".csv,text/csv"
          placeholder="contacts.csv"
          value={file}
          onChange={(value) => {
            setFile(value)
            setResult(null)
          }}
        />
        {progress && progress.total > 0 && (
          <Stack gap={4}>
            <Progress
              value={(progress.done / progress.total) * 100}
              animated={running}
              aria-label="Import progress"
            />
            <Text size="xs" c="dimmed">
              {progress.done} of {progress.total} rows imported
            </Text>
          </Stack>
        )}
        {result && (
          <Alert color={result.errors.length ? 'yellow' : 'teal'} title="Import finished">
            <Text size="sm">
              {result.rows} rows: {result.created} created, {result.updated} updated,{' '}
              {result.skipped} skipped.
            </Text>
            {result.errors.length > 0 && (
              <List size="xs" mt="xs">
                {result.errors.slice(0, 50).map((error) => (
                  <List.Item key={`${error.line}-${error.message}`}>
                    Line {error.line}: {error.message}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </Button>
          <Button
            disabled={!file}
            loading={running}
            onClick={async () => {
              if (!file) return
              setResult(null)
              try {
                const answer = await importInParts(workspaceId, await file.text(), (done, total) =>
                  setProgress({ done, total }),
                )
                setResult(answer)
                notifySuccess(`${answer.created} created, ${answer.updated} updated.`, 'Imported')
              } catch (error) {
                // Parts already sent stay imported: the bar shows how far it got.
                notifyError(error, 'The import stopped')
              } finally {
                await queryClient.invalidateQueries({ queryKey: contactsKey(workspaceId) })
              }
            }}
          >
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
