import { Button, Center, EmptyState } from '@mantine/core'
import { IconMapPinOff } from '@tabler/icons-react'
import { Link, useParams } from 'react-router'
import { useDocumentTitle } from '../components/page-header.js'

export function NotFoundPage({ inWorkspace = false }: { inWorkspace?: boolean }) {
  useDocumentTitle('Page not found')
  const { workspaceId } = useParams()
  const home = inWorkspace && workspaceId ? `/w/${workspaceId}` : '/'
  return (
    <Center mih={inWorkspace ? 320 : '100dvh'} p="md">
      <EmptyState
        icon={<IconMapPinOff size={28} aria-hidden />}
        variant="light"
        title="There is nothing at this address"
        description="The link may be old, or the page may have moved."
      >
        <Center mt="md">
          <Button component={Link} to={home} variant="light">
            Go to the home page
          </Button>
        </Center>
      </EmptyState>
    </Center>
  )
}
