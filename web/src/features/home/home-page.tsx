import {
  Button,
  Card,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
  VisuallyHidden,
} from '@mantine/core'
import { IconCheck, IconChevronRight, IconCircleDashed } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useChannels } from '../../api/channels.js'
import { useInvitations } from '../../api/invitations.js'
import { useHasLink } from '../../api/links.js'
import { useMembers } from '../../api/members.js'
import { useHasScheduledPost } from '../../api/posts.js'
import { useSignedInSession } from '../../api/session.js'
import { useCan, useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { RoleBadge } from '../../components/role-badge.js'
import { type ChecklistStep, checklistSteps } from './checklist.js'

export default function HomePage() {
  const workspace = useCurrentWorkspace()
  const session = useSignedInSession()
  const canInvite = useCan('invitations.manage')
  const members = useMembers(workspace.id)
  const invitations = useInvitations(workspace.id, { enabled: canInvite })
  const channels = useChannels(workspace.id)
  const scheduled = useHasScheduledPost(workspace.id)
  const links = useHasLink(workspace.id)

  const steps = checklistSteps({
    workspace,
    memberCount: members.data?.length,
    pendingInvitationCount: invitations.data?.length,
    channelCount: channels.data?.length,
    hasScheduledPost: scheduled.data,
    hasLink: links.data,
  })
  const doneCount = steps.filter((step) => step.done).length
  const firstName = session.user.name.split(/\s+/)[0] || session.user.name

  return (
    <Stack gap="xl">
      <PageHeader
        title={`Hello, ${firstName}`}
        description={`Here is where ${workspace.name} stands.`}
      />

      <Card
        withBorder
        radius="md"
        padding="lg"
        px={{ base: 'md', sm: 'lg' }}
        component="section"
        aria-labelledby="checklist-title"
      >
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
            <Stack gap={2}>
              <Title order={2} size="h4" id="checklist-title">
                {doneCount === steps.length ? 'You are all set' : 'Get started'}
              </Title>
              <Text size="sm" c="dimmed">
                Five steps to your first results. Each one ticks itself when it is done.
              </Text>
            </Stack>
            <Text size="sm" fw={500} aria-live="polite">
              {doneCount} of {steps.length} done
            </Text>
          </Group>
          <Progress
            value={(doneCount / steps.length) * 100}
            size="sm"
            aria-label={`Checklist progress: ${doneCount} of ${steps.length} steps done`}
          />
          <Stack gap={0} component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
            {steps.map((step) => (
              <ChecklistItem key={step.id} step={step} workspaceId={workspace.id} />
            ))}
          </Stack>
        </Stack>
      </Card>

      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Fact label="Workspace" value={workspace.name} />
        <Fact label="Time zone" value={workspace.time_zone.replaceAll('_', ' ')} />
        <Card withBorder radius="md" padding="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Your role
          </Text>
          <Group mt={6}>
            <RoleBadge role={workspace.role} />
          </Group>
        </Card>
      </SimpleGrid>
    </Stack>
  )
}

function ChecklistItem({ step, workspaceId }: { step: ChecklistStep; workspaceId: string }) {
  const done = step.done === true
  return (
    <li
      style={{
        borderTop: '1px solid var(--mantine-color-default-border)',
        paddingBlock: 'var(--mantine-spacing-sm)',
      }}
    >
      <Group wrap="nowrap" align="flex-start" gap="md">
        <ThemeIcon
          radius="xl"
          size={28}
          variant={done ? 'filled' : 'light'}
          color={done ? 'green' : 'gray'}
          aria-hidden
        >
          {done ? <IconCheck size={16} /> : <IconCircleDashed size={16} />}
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Text
            fw={600}
            size="sm"
            td={done ? 'line-through' : undefined}
            c={done ? 'dimmed' : undefined}
          >
            {step.title}
            <VisuallyHidden>{done ? ' (done)' : ' (not done yet)'}</VisuallyHidden>
          </Text>
          <Text size="sm" c="dimmed">
            {step.description}
          </Text>
        </Stack>
        <Button
          component={Link}
          to={workspaceHref(workspaceId, step.path)}
          variant={done ? 'subtle' : 'light'}
          size="xs"
          rightSection={<IconChevronRight size={14} aria-hidden />}
          visibleFrom="xs"
        >
          {done ? 'Review' : step.action}
        </Button>
        <Button
          component={Link}
          to={workspaceHref(workspaceId, step.path)}
          variant="subtle"
          size="xs"
          px={6}
          hiddenFrom="xs"
          aria-label={done ? `Review: ${step.title}` : step.action}
        >
          <IconChevronRight size={18} aria-hidden />
        </Button>
      </Group>
    </li>
  )
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={500} mt={4} truncate="end">
        {value}
      </Text>
    </Card>
  )
}
