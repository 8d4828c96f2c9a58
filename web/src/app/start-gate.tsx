import { Center } from '@mantine/core'
import { Suspense } from 'react'
import { Navigate, Outlet, useLocation } from 'react-router'
import { useSetupStatus } from '../api/setup.js'
import { ErrorState, FullPageLoader } from '../components/status-screens.js'

/**
 * First question on every load: is Murmur set up? Until an owner exists, every
 * path leads to /setup; afterwards /setup leads back into the app.
 */
export function StartGate() {
  const setup = useSetupStatus()
  const { pathname } = useLocation()

  if (setup.isPending) return <FullPageLoader />
  if (setup.isError) {
    return (
      <Center h="100dvh" p="md">
        <ErrorState
          title="Murmur is not answering"
          error={setup.error}
          onRetry={() => setup.refetch()}
        />
      </Center>
    )
  }
  if (setup.data.needed && pathname !== '/setup') return <Navigate to="/setup" replace />
  if (!setup.data.needed && pathname === '/setup') return <Navigate to="/" replace />

  return (
    <Suspense fallback={<FullPageLoader />}>
      <Outlet />
    </Suspense>
  )
}
