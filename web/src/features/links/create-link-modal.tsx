import '@mantine/dates/styles.css'
import {
  Alert,
  Autocomplete,
  Button,
  Collapse,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { IconCalendar, IconChevronDown } from '@tabler/icons-react'
import { type FormEvent, useState } from 'react'
import type { CreateLinkInput, Link, UtmField } from '../../api/link-types.js'
import { useCreateLink } from '../../api/links.js'
import { useCurrentWorkspace } from '../../app/workspace-context.js'
import { CopyField } from '../../components/copy-field.js'
import { errorMessage, fieldError, notifySuccess } from '../../lib/notify.js'
import { addDays, dayKeyOf, instantAt, zoneLabel } from '../../lib/zoned-time.js'

const UTM_LABELS: Array<{ field: UtmField; label: string; placeholder: string; hint: string }> = [
  {
    field: 'utm_source',
    label: 'Source',
    placeholder: 'bluesky',
    hint: 'Where the visit comes from',
  },
  { field: 'utm_medium', label: 'Medium', placeholder: 'social', hint: 'The kind of channel' },
  { field: 'utm_campaign', label: 'Campaign', placeholder: 'spring-menu', hint: 'utm_campaign' },
  { field: 'utm_term', label: 'Term', placeholder: '', hint: 'Paid keywords, if any' },
  { field: 'utm_content', label: 'Content', placeholder: 'bio-link', hint: 'Tells links apart' },
]

const BACK_HALF = /^[A-Za-z0-9_-]*$/

interface CreateLinkModalProps {
  opened: boolean
  onClose: () => void
  /** Campaign names already used, offered as suggestions. */
  campaigns: string[]
  /** "https://murmur.example/l/": where short links live. */
  shortBase: string
  onOpenDetails: (link: Link) => void
}

export function CreateLinkModal({
  opened,
  onClose,
  campaigns,
  shortBase,
  onOpenDetails,
}: CreateLinkModalProps) {
  const [created, setCreated] = useState<Link | null>(null)
  const close = () => {
    onClose()
    setCreated(null)
  }
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Your tracked link is ready' : 'Create a tracked link'}
      centered
      size="lg"
    >
      {opened &&
        (created ? (
          <Stack>
            <CopyField
              label="Short link"
              value={created.short_url}
              description={`Leads to ${created.final_url}`}
            />
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => {
                  onOpenDetails(created)
                  close()
                }}
              >
                See details and QR code
              </Button>
              <Button onClick={close}>Done</Button>
            </Group>
          </Stack>
        ) : (
          <CreateLinkForm
            campaigns={campaigns}
            shortBase={shortBase}
            onCreated={setCreated}
            onCancel={close}
          />
        ))}
    </Modal>
  )
}

function CreateLinkForm({
  campaigns,
  shortBase,
  onCreated,
  onCancel,
}: {
  campaigns: string[]
  shortBase: string
  onCreated: (link: Link) => void
  onCancel: () => void
}) {
  const workspace = useCurrentWorkspace()
  const create = useCreateLink(workspace.id)
  const [destination, setDestination] = useState('')
  const [code, setCode] = useState('')
  const [campaign, setCampaign] = useState('')
  const [expiry, setExpiry] = useState<string | null>(null)
  const [utm, setUtm] = useState<Record<UtmField, string>>({
    utm_source: '',
    utm_medium: '',
    utm_campaign: '',
    utm_term: '',
    utm_content: '',
  })
  const [utmOpen, setUtmOpen] = useState(false)
  const [problems, setProblems] = useState<{ destination?: string; code?: string }>({})

  const today = dayKeyOf(Date.now(), workspace.time_zone)

  function submit(event: FormEvent) {
    event.preventDefault()
    const url = destination.trim()
    const found = {
      destination: !url
        ? 'Enter the page visitors should land on'
        : !/^https?:\/\/\S+\.\S+/i.test(url)
          ? 'Enter a full web address, starting with https://'
          : undefined,
      code: BACK_HALF.test(code.trim()) ? undefined : 'Use letters, digits, - and _ only',
    }
    if (found.destination || found.code) {
      setProblems(found)
      return
    }
    const input: CreateLinkInput = { destination: url }
    if (code.trim()) input.code = code.trim()
    if (campaign.trim()) input.campaign = campaign.trim()
    // The link works through the whole chosen day, in the workspace's time zone.
    if (expiry)
      input.expires_at = new Date(
        instantAt(addDays(expiry, 1), '00:00', workspace.time_zone),
      ).toISOString()
    for (const { field } of UTM_LABELS) if (utm[field].trim()) input[field] = utm[field].trim()
    create.mutate(input, {
      onSuccess: (link) => {
        notifySuccess(
          `${link.short_url} now leads to ${new URL(link.destination).host}.`,
          'Link created',
        )
        onCreated(link)
      },
    })
  }

  const utmCount = UTM_LABELS.filter(({ field }) => utm[field].trim()).length
  const unknownProblem =
    create.error && !fieldError(create.error, 'destination') && !fieldError(create.error, 'code')

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {unknownProblem && (
          <Alert color="red" variant="light" title="Could not create the link">
            {errorMessage(create.error)}
          </Alert>
        )}
        <TextInput
          label="Destination"
          description="The page visitors land on"
          placeholder="https://cornerbakery.example/menu"
          value={destination}
          onChange={(event) => {
            setDestination(event.currentTarget.value)
            setProblems((p) => ({ ...p, destination: undefined }))
          }}
          error={problems.destination ?? fieldError(create.error, 'destination')}
          type="url"
          required
          data-autofocus
        />
        <TextInput
          label="Custom back-half (optional)"
          description={`${shortBase}${code.trim() || 'random'}`}
          placeholder="spring-menu"
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value)
            setProblems((p) => ({ ...p, code: undefined }))
          }}
          error={problems.code ?? fieldError(create.error, 'code')}
          autoCapitalize="none"
          spellCheck={false}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Autocomplete
            label="Campaign (optional)"
            description="Groups links and posts in reports"
            placeholder="Spring menu"
            data={campaigns}
            value={campaign}
            onChange={setCampaign}
            error={fieldError(create.error, 'campaign')}
          />
          <DatePickerInput
            label="Expires (optional)"
            description={`Works until the end of that day, ${zoneLabel(workspace.time_zone)}`}
            placeholder="Never"
            value={expiry}
            onChange={setExpiry}
            minDate={today}
            clearable
            leftSection={<IconCalendar size={16} aria-hidden />}
            error={fieldError(create.error, 'expires_at')}
          />
        </SimpleGrid>

        <UnstyledButton
          onClick={() => setUtmOpen((open) => !open)}
          aria-expanded={utmOpen}
          aria-controls="utm-fields"
        >
          <Group gap={4}>
            <IconChevronDown
              size={14}
              aria-hidden
              style={{
                transform: utmOpen ? 'rotate(180deg)' : undefined,
                transition: 'transform 150ms',
              }}
            />
            <Text size="sm" fw={500}>
              UTM tags{utmCount ? ` (${utmCount})` : ''}
            </Text>
            <Text size="sm" c="dimmed">
              — so your website’s analytics see where visits come from
            </Text>
          </Group>
        </UnstyledButton>
        <Collapse expanded={utmOpen} id="utm-fields">
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            {UTM_LABELS.map(({ field, label, placeholder, hint }) => (
              <TextInput
                key={field}
                label={`UTM ${label.toLowerCase()}`}
                description={hint}
                placeholder={placeholder}
                value={utm[field]}
                onChange={(event) => {
                  const value = event.currentTarget.value
                  setUtm((current) => ({ ...current, [field]: value }))
                }}
                error={fieldError(create.error, field)}
                autoCapitalize="none"
              />
            ))}
          </SimpleGrid>
        </Collapse>

        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create link
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
