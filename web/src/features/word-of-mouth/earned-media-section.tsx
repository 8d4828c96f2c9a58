import { Button, Card, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useCan } from '../../app/workspace-context.js'
import { SectionLoader } from '../../components/status-screens.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { useMediaSplit, useSaveSettings, useSettings } from './api.js'
import { formatMoney } from './money.js'

const CLASSES = [
  { key: 'owned', label: 'Owned', hint: 'your own posts and links' },
  { key: 'earned', label: 'Earned', hint: "other people's shares" },
  { key: 'paid', label: 'Paid', hint: 'ads and paid links' },
] as const

const toMinor = (value: number | string) =>
  value === '' || value === null ? null : Math.round(Number(value) * 100)
const fromMinor = (value: number | null) => (value === null ? '' : value / 100)

/** Owned, earned and paid side by side, and earned media value with the workspace's own rates. */
export function EarnedMediaSection({ workspaceId }: { workspaceId: string }) {
  const canSet = useCan('workspace.update')
  const media = useMediaSplit(workspaceId)
  const settings = useSettings(workspaceId)
  const save = useSaveSettings(workspaceId)
  const [cpc, setCpc] = useState<number | string>('')
  const [cpm, setCpm] = useState<number | string>('')
  useEffect(() => {
    if (!settings.data) return
    setCpc(fromMinor(settings.data.cost_per_click))
    setCpm(fromMinor(settings.data.cpm))
  }, [settings.data])

  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Earned media value
        </Title>
        {media.isPending || !media.data ? (
          <SectionLoader label="Loading the owned, earned and paid split" />
        ) : (
          <>
            <Text size="xl" fw={700} aria-label="Earned media value">
              {media.data.earned_media_value.value === null
                ? 'Not computed yet'
                : `${formatMoney(media.data.earned_media_value.value)} ${media.data.rates.currency}`}
            </Text>
            <Text size="sm" c="dimmed">
              {media.data.earned_media_value.method}
            </Text>
            <Table.ScrollContainer minWidth={480}>
              <Table aria-label="Owned, earned and paid">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th />
                    <Table.Th ta="right">Visits</Table.Th>
                    <Table.Th ta="right">Leads</Table.Th>
                    <Table.Th ta="right">Customers</Table.Th>
                    <Table.Th ta="right">Revenue</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {CLASSES.map(({ key, label, hint }) => (
                    <Table.Tr key={key}>
                      <Table.Td>
                        {label}{' '}
                        <Text span size="xs" c="dimmed">
                          ({hint})
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">{media.data[key].visits}</Table.Td>
                      <Table.Td ta="right">{media.data[key].leads}</Table.Td>
                      <Table.Td ta="right">{media.data[key].customers}</Table.Td>
                      <Table.Td ta="right">{formatMoney(media.data[key].revenue)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
        {canSet && (
          <form
            aria-label="Earned media rates"
            onSubmit={(event) => {
              event.preventDefault()
              save.mutate(
                { cost_per_click: toMinor(cpc), cpm: toMinor(cpm) },
                {
                  onSuccess: () => notifySuccess('Rates saved'),
                  onError: (error) => notifyError(error),
                },
              )
            }}
          >
            <Group gap="sm" align="flex-end" wrap="wrap">
              <NumberInput
                label="Your cost per click"
                description="What a click from an ad costs you"
                min={0}
                decimalScale={2}
                value={cpc}
                onChange={setCpc}
                w={200}
              />
              <NumberInput
                label="Your CPM"
                description="Per 1,000 impressions"
                min={0}
                decimalScale={2}
                value={cpm}
                onChange={setCpm}
                w={200}
              />
              <Button type="submit" variant="default" loading={save.isPending}>
                Save rates
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  )
}
