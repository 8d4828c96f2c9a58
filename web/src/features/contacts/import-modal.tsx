import { Alert, Button, FileInput, Group, List, Modal, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { ImportResult } from '../../api/contact-types.js'
import { useImportContacts } from '../../api/contacts.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'

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
  const importContacts = useImportContacts(workspaceId)
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
            loading={importContacts.isPending}
            onClick={async () => {
              if (!file) return
              importContacts.mutate(await file.text(), {
                onSuccess: (answer) => {
                  setResult(answer)
                  notifySuccess(`${answer.created} created, ${answer.updated} updated.`, 'Imported')
                },
                onError: (error) => notifyError(error, 'The import failed'),
              })
            }}
          >
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
