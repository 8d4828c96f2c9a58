import { Button, Center } from '@mantine/core'
import { useRouteError } from 'react-router'
import { ErrorState } from '../components/status-screens.js'

/** Last resort when a screen throws: say so, and offer a way out. */
export function RouteError() {
  const error = useRouteError()
  // A stale chunk after an upgrade fails to import: a reload fetches the new one.
  return (
    <Center h="100dvh" p="md">
      <ErrorState title="This page ran into a problem" error={error}>
        <Button variant="default" onClick={() => window.location.reload()}>
          Reload the page
        </Button>
      </ErrorState>
    </Center>
  )
}
