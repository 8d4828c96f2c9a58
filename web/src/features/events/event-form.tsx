import { NumberInput, Paper, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import type { EventDraft, PlaceKey } from './event-draft.js'

interface EventFormProps {
  draft: EventDraft
  onChange: (draft: EventDraft) => void
  errors: Record<string, string>
  timeZone: string
  disabled: boolean
  isNew: boolean
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  )
}

/** What, when and where: the fields of an event, with the server's problems next to each. */
export function EventForm({ draft, onChange, errors, timeZone, disabled, isNew }: EventFormProps) {
  const set = <K extends keyof EventDraft>(key: K, value: EventDraft[K]) =>
    onChange({ ...draft, [key]: value })
  const place = (label: string, key: PlaceKey) => (
    <TextInput
      label={label}
      value={draft.place[key]}
      onChange={(event) => set('place', { ...draft.place, [key]: event.currentTarget.value })}
      error={errors[`place.${key}`]}
      disabled={disabled}
    />
  )

  return (
    <Stack gap="md">
      <Section title="What">
        <TextInput
          label="Title"
          required
          value={draft.title}
          onChange={(event) => set('title', event.currentTarget.value)}
          error={errors.title}
          disabled={disabled}
        />
        <Textarea
          label="Description"
          autosize
          minRows={3}
          value={draft.description}
          onChange={(event) => set('description', event.currentTarget.value)}
          error={errors.description}
          disabled={disabled}
        />
        {!isNew && (
          <TextInput
            label="Address (slug)"
            description="Change it and the old address sends people to the new one."
            value={draft.slug}
            onChange={(event) => set('slug', event.currentTarget.value)}
            error={errors.slug}
            disabled={disabled}
          />
        )}
      </Section>

      <Section title="When">
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label={`Starts (${timeZone})`}
            type="datetime-local"
            required
            value={draft.starts_at}
            onChange={(event) => set('starts_at', event.currentTarget.value)}
            error={errors.starts_at}
            disabled={disabled}
          />
          <TextInput
            label={`Ends (${timeZone})`}
            description="Left empty: two hours after the start."
            type="datetime-local"
            value={draft.ends_at}
            onChange={(event) => set('ends_at', event.currentTarget.value)}
            error={errors.ends_at}
            disabled={disabled}
          />
        </SimpleGrid>
      </Section>

      <Section title="Where">
        {place('Place name', 'name')}
        {place('Street', 'street')}
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          {place('Town or city', 'locality')}
          {place('Postal code', 'postal_code')}
          {place('Country', 'country')}
        </SimpleGrid>
        <TextInput
          label="Online link"
          description="For an online event, or both."
          placeholder="https://"
          value={draft.online_url}
          onChange={(event) => set('online_url', event.currentTarget.value)}
          error={errors.online_url ?? errors.place}
          disabled={disabled}
        />
      </Section>

      <Section title="Places and image">
        <NumberInput
          label="Capacity"
          description="Most people who can join. Empty: no limit."
          min={1}
          max={1_000_000}
          allowDecimal={false}
          value={draft.capacity ?? ''}
          onChange={(value) => set('capacity', typeof value === 'number' ? value : null)}
          error={errors.capacity}
          disabled={disabled}
        />
        <TextInput
          label="Image"
          description="The address of an image for the page and link previews."
          placeholder="https://"
          value={draft.image_url}
          onChange={(event) => set('image_url', event.currentTarget.value)}
          error={errors.image_url}
          disabled={disabled}
        />
        <TextInput
          label="Image description (alt text)"
          value={draft.image_alt}
          onChange={(event) => set('image_alt', event.currentTarget.value)}
          error={errors.image_alt}
          disabled={disabled}
        />
      </Section>
    </Stack>
  )
}
