import { Button, Card, EmptyState, List, Stack, Text } from '@mantine/core'
import type { Icon } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { PageHeader } from './page-header.js'

interface FeaturePlaceholderProps {
  title: string
  /** One sentence: what the screen is for. */
  purpose: string
  icon: Icon
  /** What this screen will offer once it is built. */
  comingNext: string[]
  action?: { label: string; to: string }
  /** Off inside a tab, where the page already has its heading. */
  withHeader?: boolean
  children?: ReactNode
}

/** The honest empty state of a screen that is not built yet: no fake data. */
export function FeaturePlaceholder({
  title,
  purpose,
  icon: IconComponent,
  comingNext,
  action,
  withHeader = true,
  children,
}: FeaturePlaceholderProps) {
  return (
    <Stack gap="lg">
      {withHeader && <PageHeader title={title} />}
      <Card withBorder radius="md" padding="xl">
        <EmptyState
          variant="light"
          size="md"
          icon={<IconComponent size={32} stroke={1.5} aria-hidden />}
          title={`${title} is on its way`}
          description={purpose}
        >
          <Stack gap="xs" align="center" mt="sm" maw={460} mx="auto">
            <Text size="sm" fw={500}>
              What comes next
            </Text>
            <List size="sm" c="dimmed" spacing={4} ta="left">
              {comingNext.map((item) => (
                <List.Item key={item}>{item}</List.Item>
              ))}
            </List>
            {action && (
              <Button component={Link} to={action.to} variant="light" mt="sm">
                {action.label}
              </Button>
            )}
          </Stack>
        </EmptyState>
        {children}
      </Card>
    </Stack>
  )
}
