import { AppShell, Burger, Button, Group, ScrollArea } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useQueryClient } from '@tanstack/react-query'
import { Suspense, useEffect } from 'react'
import { Link, Outlet, useLocation, useParams } from 'react-router'
import { isApiError } from '../api/client.js'
import { sessionKey } from '../api/session.js'
import { useWorkspace, workspacesKey } from '../api/workspaces.js'
import { Logo } from '../components/logo.js'
import { ErrorState, SectionLoader } from '../components/status-screens.js'
import { ReconnectBanner } from '../features/channels/reconnect-banner.js'
import { forgetWorkspace, rememberWorkspace } from '../lib/last-workspace.js'
import { MainNav } from './main-nav.js'
import { UserMenu } from './user-menu.js'
import { WorkspaceContext } from './workspace-context.js'
import { WorkspaceSwitcher } from './workspace-switcher.js'

export function WorkspaceLayout() {
  const { workspaceId = '' } = useParams()
  const workspace = useWorkspace(workspaceId)
  const [navOpened, nav] = useDisclosure(false)
  const { pathname } = useLocation()
  const queryClient = useQueryClient()

  // On a phone the navbar covers the page: close it once the user has picked a screen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => nav.close(), [pathname])

  useEffect(() => {
    if (workspace.data) rememberWorkspace(workspace.data.id)
  }, [workspace.data])

  // Removed from this workspace (or it is gone): the cached lists that led here are stale too.
  const lostAccess = isApiError(workspace.error) && [403, 404].includes(workspace.error.status)
  useEffect(() => {
    if (!lostAccess) return
    forgetWorkspace(workspaceId)
    queryClient.invalidateQueries({ queryKey: sessionKey })
    queryClient.invalidateQueries({ queryKey: workspacesKey })
  }, [lostAccess, workspaceId, queryClient])

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm" wrap="nowrap" justify="space-between">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
            />
            <Link
              to={workspaceId ? `/w/${workspaceId}` : '/'}
              aria-label="Murmur home"
              style={{ color: 'inherit', textDecoration: 'none' }}
            >
              <Logo withName={false} />
            </Link>
            <WorkspaceSwitcher current={workspace.data} />
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          <MainNav workspaceId={workspaceId} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <div style={{ maxWidth: 1100, marginInline: 'auto' }}>
          {workspace.isPending ? (
            <SectionLoader />
          ) : workspace.isError ? (
            <ErrorState
              title={
                lostAccess
                  ? 'This workspace is not available to you'
                  : 'This workspace could not be loaded'
              }
              error={workspace.error}
              onRetry={lostAccess ? undefined : () => workspace.refetch()}
            >
              <Button component={Link} to="/" variant="default">
                Go to my workspaces
              </Button>
            </ErrorState>
          ) : (
            <WorkspaceContext key={workspace.data.id} value={workspace.data}>
              <ReconnectBanner workspaceId={workspace.data.id} />
              <Suspense fallback={<SectionLoader />}>
                <Outlet />
              </Suspense>
            </WorkspaceContext>
          )}
        </div>
      </AppShell.Main>
    </AppShell>
  )
}
