import { ActionIcon, Button, Group, Stack, Text, Textarea, Tooltip } from '@mantine/core'
import { IconMessagePlus, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import type { ChannelCheck } from '../../api/publishing-types.js'
import { type DraftContent, type DraftMedia, emptyPart } from './compose-model.js'
import { type CounterTarget, PartCounters } from './counters.js'
import { MediaZone } from './media-zone.js'

interface ContentEditorProps {
  workspaceId: string
  /** Prefix for element ids: one editor per tab. */
  idPrefix: string
  content: DraftContent
  onChange: (update: (content: DraftContent) => DraftContent) => void
  /** Channels whose counters show under each text. */
  targets: CounterTarget[]
  checks: Map<string, ChannelCheck>
  disabled?: boolean
}

/** The text and media of every part (a thread when more than one), and the first comment. */
export function ContentEditor({
  workspaceId,
  idPrefix,
  content,
  onChange,
  targets,
  checks,
  disabled,
}: ContentEditorProps) {
  const [showFirstComment, setShowFirstComment] = useState(Boolean(content.firstComment))
  const thread = content.parts.length > 1

  const setPart = (index: number, text: string) =>
    onChange((current) => ({
      ...current,
      parts: current.parts.map((part, i) => (i === index ? { ...part, text } : part)),
    }))

  const setMedia = (index: number) => (update: (items: DraftMedia[]) => DraftMedia[]) =>
    onChange((current) => ({
      ...current,
      parts: current.parts.map((part, i) =>
        i === index ? { ...part, media: update(part.media) } : part,
      ),
    }))

  return (
    <Stack gap="md">
      {content.parts.map((part, index) => {
        const where = thread ? `part ${index + 1}` : 'the post'
        const counterId = `${idPrefix}-counter-${index}`
        return (
          <Stack key={part.key} gap={6}>
            <Group justify="space-between" wrap="nowrap">
              <Text component="label" htmlFor={`${idPrefix}-text-${index}`} size="sm" fw={500}>
                {thread ? `Part ${index + 1} of ${content.parts.length}` : 'Post text'}
              </Text>
              {thread && !disabled && (
                <Tooltip label="Remove this part">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    onClick={() =>
                      onChange((current) => ({
                        ...current,
                        parts: current.parts.filter((_, i) => i !== index),
                      }))
                    }
                    aria-label={`Remove part ${index + 1}`}
                  >
                    <IconTrash size={14} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
            <Textarea
              id={`${idPrefix}-text-${index}`}
              autosize
              minRows={index === 0 ? 5 : 3}
              maxRows={16}
              placeholder={index === 0 ? 'What would you like to share?' : 'Continue the thread…'}
              value={part.text}
              onChange={(event) => setPart(index, event.currentTarget.value)}
              aria-describedby={counterId}
              disabled={disabled}
              maxLength={20_000}
            />
            <PartCounters
              workspaceId={workspaceId}
              id={counterId}
              part={index + 1}
              text={part.text}
              targets={targets}
              checks={checks}
            />
            <MediaZone
              workspaceId={workspaceId}
              items={part.media}
              onChange={setMedia(index)}
              where={where}
              disabled={disabled}
            />
          </Stack>
        )
      })}

      {!disabled && (
        <Group gap="xs">
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() =>
              onChange((current) => ({ ...current, parts: [...current.parts, emptyPart()] }))
            }
            disabled={content.parts.length >= 50}
          >
            {thread ? 'Add part' : 'Add part (make a thread)'}
          </Button>
          {!showFirstComment && (
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconMessagePlus size={14} aria-hidden />}
              onClick={() => setShowFirstComment(true)}
            >
              Add first comment
            </Button>
          )}
        </Group>
      )}

      {(showFirstComment || content.firstComment) && (
        <Stack gap={6}>
          <Textarea
            label="First comment (optional)"
            description="Published right after the post, as your own reply: a good place for links."
            autosize
            minRows={2}
            maxRows={8}
            value={content.firstComment}
            onChange={(event) => {
              const firstComment = event.currentTarget.value
              onChange((current) => ({ ...current, firstComment }))
            }}
            aria-describedby={`${idPrefix}-counter-fc`}
            disabled={disabled}
          />
          {content.firstComment.trim() && (
            <PartCounters
              workspaceId={workspaceId}
              id={`${idPrefix}-counter-fc`}
              part={0}
              text={content.firstComment}
              firstComment
              targets={targets}
              checks={checks}
            />
          )}
        </Stack>
      )}
    </Stack>
  )
}
