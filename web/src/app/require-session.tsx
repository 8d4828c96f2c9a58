import { Center } from '@mantine/core'
import { Navigate, Outlet, useLocation } from 'react-router'
import { useSession } from '../api/session.js'
import { ErrorState, FullPageLoader } from '../components/status-screens.js'
import { loginPath } from '../lib/return-path.js'

/** Signed-in routes: without a session, go to sign in and come back here afterwards. */
export function RequireSession() {
  const session = useSession()
  const location = useLocation()

  if (session.isPending) return <FullPageLoader />
  if (session.isError) {
    return (
      <Center h="100dvh" p="md">
        <ErrorState error={session.error} onRetry={() => session.refetch()} />
      </Center>
    )
  }
  if (!session.data) {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />
  }
  return <Outlet />
}
