import { Button, Center, EmptyState, Loader, Stack } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { errorMessage } from '../lib/notify.js'

export function FullPageLoader({ label = 'Loading' }: { label?: string }) {
  return (
    <Center h="100dvh" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-label={label} />
      </Stack>
    </Center>
  )
}

export function SectionLoader({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-label={label} />
    </Center>
  )
}

interface ErrorStateProps {
  title?: string
  error: unknown
  onRetry?: () => void
  children?: ReactNode
}

export function ErrorState({
  title = 'This could not be loaded',
  error,
  onRetry,
  children,
}: ErrorStateProps) {
  return (
    <EmptyState
      py="xl"
      variant="light"
      color="red"
      icon={<IconAlertTriangle size={28} aria-hidden />}
      title={title}
      description={errorMessage(error)}
    >
      {(onRetry || children) && (
        <Stack align="center" mt="md">
          {onRetry && (
            <Button variant="light" onClick={onRetry}>
              Try again
            </Button>
          )}
          {children}
        </Stack>
      )}
    </EmptyState>
  )
}
