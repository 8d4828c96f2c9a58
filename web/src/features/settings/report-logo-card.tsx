import { Button, Card, FileButton, Group, Image, Stack, Text, Title } from '@mantine/core'
import { IconPhotoUp, IconTrash } from '@tabler/icons-react'
import { useUploadMedia } from '../../api/media.js'
import { useUpdateWorkspace } from '../../api/workspaces.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'

/** The logo shown with the workspace name on reports: an image uploaded to the media library. */
export function ReportLogoCard() {
  const workspace = useCurrentWorkspace()
  const canEdit = useCan('workspace.update')
  const upload = useUploadMedia(workspace.id)
  const update = useUpdateWorkspace(workspace.id)
  const logoId = workspace.logo_media_id ?? null
  const busy = upload.isPending || update.isPending

  function choose(file: File | null) {
    if (!file) return
    upload.mutate(file, {
      onSuccess: (media) =>
        update.mutate(
          { logo_media_id: media.id },
          {
            onSuccess: () => notifySuccess('The logo will show on your reports.'),
            onError: (error) => notifyError(error, 'Could not use this image as the logo'),
          },
        ),
      onError: (error) => notifyError(error, 'Could not upload the logo'),
    })
  }

  return (
    <Card withBorder radius="md" padding="lg" maw={620}>
      <Stack gap="sm">
        <Title order={4}>Logo on reports</Title>
        <Text size="sm" c="dimmed">
          Shown with the workspace name at the top of printed and PDF reports. JPEG, PNG, WebP or
          GIF, at most 2 MB; it is kept in the media library.
        </Text>
        {logoId ? (
          <Image
            src={`/api/v1/workspaces/${encodeURIComponent(workspace.id)}/media/${encodeURIComponent(logoId)}/thumbnail`}
            alt={`${workspace.name} logo`}
            maw={240}
            mah={80}
            fit="contain"
          />
        ) : (
          <Text size="sm">No logo yet: reports show the name only.</Text>
        )}
        {canEdit && (
          <Group>
            <FileButton onChange={choose} accept="image/png,image/jpeg,image/webp,image/gif">
              {(props) => (
                <Button {...props} leftSection={<IconPhotoUp size={16} />} loading={busy}>
                  {logoId ? 'Replace logo' : 'Upload logo'}
                </Button>
              )}
            </FileButton>
            {logoId && (
              <Button
                variant="default"
                leftSection={<IconTrash size={16} />}
                disabled={busy}
                onClick={() =>
                  update.mutate(
                    { logo_media_id: null },
                    { onError: (error) => notifyError(error, 'Could not remove the logo') },
                  )
                }
              >
                Remove
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  )
}
