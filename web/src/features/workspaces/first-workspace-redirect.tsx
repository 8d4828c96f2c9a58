import { Card, Center, Container, Group, Stack, Text, Title } from '@mantine/core'
import { Navigate } from 'react-router'
import { useSignedInSession } from '../../api/session.js'
import { UserMenu } from '../../app/user-menu.js'
import { Logo } from '../../components/logo.js'
import { useDocumentTitle } from '../../components/page-header.js'
import { lastWorkspace } from '../../lib/last-workspace.js'
import { NewWorkspaceForm } from './new-workspace-modal.js'

/** `/` when signed in: back to the last workspace used here, else the first one. */
export function FirstWorkspaceRedirect() {
  const session = useSignedInSession()
  const remembered = lastWorkspace()
  const target =
    session.workspaces.find((workspace) => workspace.id === remembered) ?? session.workspaces[0]
  if (target) return <Navigate to={`/w/${encodeURIComponent(target.id)}`} replace />
  return <NoWorkspace />
}

function NoWorkspace() {
  useDocumentTitle('Create a workspace')
  return (
    <Center mih="100dvh" p="md" pos="relative">
      <Group pos="absolute" top={12} right={16}>
        <UserMenu />
      </Group>
      <Container size={460} w="100%" px={0}>
        <Stack>
          <Center>
            <Logo />
          </Center>
          <Card withBorder padding="xl" radius="md">
            <Stack>
              <Title order={1} size="h3">
                You are not in any workspace yet
              </Title>
              <Text size="sm" c="dimmed">
                Create one for your business, or open an invitation link a teammate sent you.
              </Text>
              <NewWorkspaceForm />
            </Stack>
          </Card>
        </Stack>
      </Container>
    </Center>
  )
}
