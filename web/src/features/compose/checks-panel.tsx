import { Alert, Group, List, Stack, Text, ThemeIcon } from '@mantine/core'
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconCircleCheck,
  IconCurrencyDollar,
} from '@tabler/icons-react'
import type { Problem, Validation } from '../../api/publishing-types.js'
import { errorMessage } from '../../lib/notify.js'

interface ChecksPanelProps {
  validation: Validation | undefined
  error: unknown
  /** Nothing written yet: "no text" is not worth shouting about. */
  pristine: boolean
  channelCount: number
}

/** Every channel's problems in plain words, errors first, from the server's own checks. */
export function ChecksPanel({ validation, error, pristine, channelCount }: ChecksPanelProps) {
  if (channelCount === 0) return null
  if (error) {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertCircle size={18} aria-hidden />}
        title="Could not check the post"
      >
        {errorMessage(error)}
      </Alert>
    )
  }
  if (!validation) return null

  const problems = validation.channels.flatMap((check) =>
    check.problems.filter((problem) => !(pristine && problem.code === 'text_empty')),
  )
  const costly = problems.filter((problem) => problem.code === 'costly_content')
  const others = problems
    .filter((problem) => problem.code !== 'costly_content')
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
  const errors = others.filter((problem) => problem.severity === 'error').length

  return (
    <Stack gap="xs" aria-live="polite">
      {costly.length > 0 && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconCurrencyDollar size={18} aria-hidden />}
          title="X charges far more for posts with a link"
        >
          <Stack gap={4}>
            {costly.map((problem) => (
              <Text size="sm" key={problem.message}>
                {problem.message}
              </Text>
            ))}
            <Text size="sm" c="dimmed">
              Put the link in the first comment, or in a variant for X without it.
            </Text>
          </Stack>
        </Alert>
      )}
      {others.length === 0 ? (
        !pristine && (
          <Group gap="xs" c="green.8">
            <IconCircleCheck size={18} aria-hidden />
            <Text size="sm">
              Ready for {channelCount === 1 ? 'its channel' : `all ${channelCount} channels`}.
            </Text>
          </Group>
        )
      ) : (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {errors > 0
              ? `${errors} ${errors === 1 ? 'problem' : 'problems'} to fix before scheduling`
              : 'Worth a look'}
          </Text>
          <List spacing={4} size="sm" center data-testid="problems">
            {others.map((problem) => (
              <ProblemItem key={`${problem.code}-${problem.message}`} problem={problem} />
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  )
}

function ProblemItem({ problem }: { problem: Problem }) {
  const error = problem.severity === 'error'
  return (
    <List.Item
      icon={
        <ThemeIcon color={error ? 'red' : 'yellow'} variant="light" size={20} radius="xl">
          {error ? (
            <IconAlertCircle size={14} aria-label="Error" />
          ) : (
            <IconAlertTriangle size={14} aria-label="Warning" />
          )}
        </ThemeIcon>
      }
    >
      {problem.message}
    </List.Item>
  )
}
