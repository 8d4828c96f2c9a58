import {
  ActionIcon,
  Box,
  Center,
  FileButton,
  Group,
  Loader,
  Stack,
  Text,
  Textarea,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import {
  IconArrowLeft,
  IconArrowRight,
  IconGripVertical,
  IconMovie,
  IconPhotoPlus,
  IconX,
} from '@tabler/icons-react'
import { type DragEvent, useState } from 'react'
import { useUploadMedia } from '../../api/media.js'
import { notifyError } from '../../lib/notify.js'
import { type DraftMedia, newKey } from './compose-model.js'

const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime'
const REORDER_TYPE = 'application/x-murmur-media'
/** The API's cap per part; each network's own (4 on Bluesky) comes back as a problem. */
const MAX_PER_PART = 10

interface MediaZoneProps {
  workspaceId: string
  items: DraftMedia[]
  onChange: (update: (items: DraftMedia[]) => DraftMedia[]) => void
  /** "part 2": names the controls for screen readers. */
  where: string
  disabled?: boolean
}

/** Drop or pick images; reorder by dragging or with the arrows; alt text right under each one. */
export function MediaZone({ workspaceId, items, onChange, where, disabled }: MediaZoneProps) {
  const upload = useUploadMedia(workspaceId)
  const [uploading, setUploading] = useState(0)
  const [over, setOver] = useState(false)
  const [dragIndex, setDragIndex] = useState<number | null>(null)

  async function addFiles(files: File[]) {
    const room = MAX_PER_PART - items.length
    const chosen = files.slice(0, Math.max(0, room))
    if (files.length > chosen.length) {
      notifyError(
        new Error(`A part holds at most ${MAX_PER_PART} files.`),
        'Some files were left out',
      )
    }
    setUploading((count) => count + chosen.length)
    for (const file of chosen) {
      try {
        const media = await upload.mutateAsync(file)
        onChange((current) => [...current, { key: newKey(), media, altText: media.alt_text }])
      } catch (error) {
        notifyError(error, `Could not upload ${file.name}`)
      } finally {
        setUploading((count) => count - 1)
      }
    }
  }

  function move(from: number, to: number) {
    if (to < 0 || to >= items.length || from === to) return
    onChange((current) => {
      const next = [...current]
      const [item] = next.splice(from, 1)
      if (item) next.splice(to, 0, item)
      return next
    })
  }

  function onDrop(event: DragEvent) {
    event.preventDefault()
    setOver(false)
    if (disabled) return
    if (event.dataTransfer.files.length > 0) void addFiles([...event.dataTransfer.files])
  }

  const isFileDrag = (event: DragEvent) => event.dataTransfer.types.includes('Files')

  return (
    <Stack gap="xs">
      {(items.length > 0 || uploading > 0) && (
        <Group gap="sm" align="flex-start">
          {items.map((item, index) => (
            <Box
              key={item.key}
              w={168}
              draggable={!disabled}
              onDragStart={(event) => {
                event.dataTransfer.setData(REORDER_TYPE, String(index))
                event.dataTransfer.effectAllowed = 'move'
                setDragIndex(index)
              }}
              onDragEnd={() => setDragIndex(null)}
              onDragOver={(event) => {
                if (event.dataTransfer.types.includes(REORDER_TYPE)) event.preventDefault()
              }}
              onDrop={(event) => {
                const from = event.dataTransfer.getData(REORDER_TYPE)
                if (from === '') return
                event.preventDefault()
                event.stopPropagation()
                move(Number(from), index)
              }}
              style={{ opacity: dragIndex === index ? 0.5 : 1 }}
            >
              <Box
                pos="relative"
                h={100}
                style={{
                  borderRadius: 'var(--mantine-radius-sm)',
                  overflow: 'hidden',
                  border: '1px solid var(--mantine-color-default-border)',
                  cursor: disabled ? undefined : 'grab',
                }}
              >
                {item.media.mime_type.startsWith('video/') ? (
                  <Center h="100%" c="dimmed">
                    <IconMovie size={28} aria-hidden />
                  </Center>
                ) : (
                  <img
                    src={item.media.thumbnail_url ?? item.media.url}
                    alt={item.altText || `Image ${index + 1}`}
                    style={{ width: '100%', height: '100%', objectFit: 'cover', display: 'block' }}
                  />
                )}
                <Group gap={2} pos="absolute" top={4} right={4}>
                  <ActionIcon
                    size="sm"
                    variant="filled"
                    color="dark"
                    onClick={() => onChange((current) => current.filter((_, i) => i !== index))}
                    aria-label={`Remove image ${index + 1} of ${where}`}
                    disabled={disabled}
                  >
                    <IconX size={14} aria-hidden />
                  </ActionIcon>
                </Group>
                <Group gap={2} pos="absolute" bottom={4} left={4}>
                  <IconGripVertical
                    size={14}
                    color="white"
                    aria-hidden
                    style={{ filter: 'drop-shadow(0 0 2px #000)' }}
                  />
                </Group>
                <Group gap={2} pos="absolute" bottom={4} right={4}>
                  <Tooltip label="Move earlier">
                    <ActionIcon
                      size="sm"
                      variant="filled"
                      color="dark"
                      onClick={() => move(index, index - 1)}
                      disabled={disabled || index === 0}
                      aria-label={`Move image ${index + 1} of ${where} earlier`}
                    >
                      <IconArrowLeft size={14} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Move later">
                    <ActionIcon
                      size="sm"
                      variant="filled"
                      color="dark"
                      onClick={() => move(index, index + 1)}
                      disabled={disabled || index === items.length - 1}
                      aria-label={`Move image ${index + 1} of ${where} later`}
                    >
                      <IconArrowRight size={14} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Box>
              <Textarea
                mt={4}
                size="xs"
                autosize
                minRows={2}
                maxRows={5}
                placeholder="Describe the image for people who cannot see it"
                aria-label={`Alt text for image ${index + 1} of ${where}`}
                value={item.altText}
                onChange={(event) => {
                  const altText = event.currentTarget.value
                  onChange((current) =>
                    current.map((other, i) => (i === index ? { ...other, altText } : other)),
                  )
                }}
                disabled={disabled}
                maxLength={2000}
              />
            </Box>
          ))}
          {uploading > 0 && (
            <Center
              w={168}
              h={100}
              style={{
                border: '1px dashed var(--mantine-color-default-border)',
                borderRadius: 'var(--mantine-radius-sm)',
              }}
            >
              <Group gap="xs">
                <Loader size="sm" aria-hidden />
                <Text size="sm" c="dimmed" role="status">
                  Uploading {uploading}…
                </Text>
              </Group>
            </Center>
          )}
        </Group>
      )}

      {!disabled && items.length < MAX_PER_PART && (
        <FileButton onChange={(files) => void addFiles(files)} accept={ACCEPT} multiple>
          {(props) => (
            <UnstyledButton
              {...props}
              aria-label={`Add images or a video to ${where}`}
              onDragOver={(event) => {
                if (!isFileDrag(event)) return
                event.preventDefault()
                setOver(true)
              }}
              onDragLeave={() => setOver(false)}
              onDrop={onDrop}
              style={{
                border: `1px dashed ${over ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}`,
                background: over ? 'var(--mantine-primary-color-light)' : undefined,
                borderRadius: 'var(--mantine-radius-md)',
                padding: '10px 12px',
                width: '100%',
              }}
            >
              <Group gap="xs" wrap="nowrap">
                <IconPhotoPlus size={18} aria-hidden stroke={1.6} />
                <Text size="sm" c="dimmed">
                  Drop images here, or click to choose
                </Text>
              </Group>
            </UnstyledButton>
          )}
        </FileButton>
      )}
    </Stack>
  )
}
