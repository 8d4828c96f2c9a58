import { Accordion, Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core'
import type { Severity, SiteCheckDetail, SiteCheckFinding } from './site-check-api.js'

export const SEVERITY_LABEL: Record<Severity, string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
}
export const SEVERITY_COLOR: Record<Severity, string> = {
  error: 'red',
  warning: 'orange',
  info: 'blue',
}

const shortUrl = (url: string) => {
  try {
    const parsed = new URL(url)
    return `${parsed.pathname}${parsed.search}` || '/'
  } catch {
    return url
  }
}

function FindingItem({ item, index }: { item: SiteCheckFinding; index: number }) {
  return (
    <Accordion.Item value={String(index)}>
      <Accordion.Control>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Badge color={SEVERITY_COLOR[item.severity]} variant="light" style={{ flexShrink: 0 }}>
            {SEVERITY_LABEL[item.severity]}
          </Badge>
          {item.is_new && (
            <Badge color="grape" variant="outline" style={{ flexShrink: 0 }}>
              New
            </Badge>
          )}
          <Stack gap={0}>
            <Text size="sm">{item.message}</Text>
            <Text size="xs" c="dimmed">
              {shortUrl(item.page_url)} · {item.rule_id}
            </Text>
          </Stack>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="xs">
          <Text size="sm">
            <b>Why it matters:</b> {item.why}
          </Text>
          <Text size="sm">
            <b>How to fix it:</b> {item.fix}
          </Text>
          <Anchor href={item.page_url} target="_blank" rel="noreferrer" size="sm">
            Open the page
          </Anchor>
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  )
}

/** The run's findings, most harmful first, each opening to why it matters and how to fix it. */
export function FindingsList({ check }: { check: SiteCheckDetail }) {
  if (check.findings.length === 0)
    return (
      <Text c="teal" fw={500}>
        Nothing stands in the way of search on the {check.pages_checked} pages checked.
      </Text>
    )
  return (
    <Stack gap="md">
      <Accordion variant="separated" multiple aria-label="Findings">
        {check.findings.map((item, index) => (
          <FindingItem
            key={`${item.rule_id}-${item.page_url}-${item.subject}`}
            item={item}
            index={index}
          />
        ))}
      </Accordion>
      {check.comparison && check.comparison.fixed.length > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            Fixed since the last run ({check.comparison.fixed.length})
          </Title>
          {check.comparison.fixed.map((item) => (
            <Text
              key={`${item.rule_id}-${item.page_url}-${item.subject}`}
              size="sm"
              td="line-through"
              c="dimmed"
            >
              {item.message} ({shortUrl(item.page_url)})
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  )
}
