import {
  Alert,
  Anchor,
  Button,
  ColorInput,
  Divider,
  Grid,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconExternalLink } from '@tabler/icons-react'
import { type ReactNode, useEffect, useMemo, useState } from 'react'
import { isApiError } from '../../api/client.js'
import {
  BUSINESS_TYPES,
  FONTS,
  LAYOUTS,
  PALETTES,
  type PageContact,
  type PageTheme,
} from '../../api/page-types.js'
import { usePagePreview, usePageSettings, useSavePage } from '../../api/pages.js'
import { useCan, useCurrentWorkspace } from '../../app/workspace-context.js'
import { CopyField } from '../../components/copy-field.js'
import { PageHeader } from '../../components/page-header.js'
import { ErrorState, SectionLoader } from '../../components/status-screens.js'
import { notifyError, notifySuccess } from '../../lib/notify.js'
import { LinksEditor } from './links-editor.js'
import { LivePreview } from './live-preview.js'
import { OpeningHoursEditor } from './opening-hours-editor.js'
import { draftOf, orNull, type PageDraft } from './page-draft.js'

const capitalised = (value: string) => value.charAt(0).toUpperCase() + value.slice(1)

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

export default function PageEditorPage() {
  const workspace = useCurrentWorkspace()
  const canEdit = useCan('workspace.update')
  const settings = usePageSettings(workspace.id)
  const save = useSavePage(workspace.id)
  const [draft, setDraft] = useState<PageDraft | null>(null)

  // The first load (and each save) resets the draft to what the server holds.
  useEffect(() => {
    if (settings.data && draft === null) setDraft(draftOf(settings.data))
  }, [settings.data, draft])

  const [debounced] = useDebouncedValue(draft, 400)
  const preview = usePagePreview(workspace.id, canEdit ? debounced : null)

  const errors = useMemo(() => (isApiError(save.error) ? save.error.fieldErrors : {}), [save.error])
  const previewErrors = isApiError(preview.error) ? preview.error.fieldErrors : {}
  const fieldError = (path: string) => errors[path] ?? previewErrors[path]

  if (settings.isPending) return <SectionLoader label="Loading the page" />
  if (settings.isError)
    return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />
  if (!draft) return <SectionLoader label="Loading the page" />

  const saved = settings.data
  const set = <K extends keyof PageDraft>(key: K, value: PageDraft[K]) =>
    setDraft((current) => (current ? { ...current, [key]: value } : current))
  const setContact = (key: keyof PageContact, value: string) =>
    set('contact', { ...draft.contact, [key]: orNull(value) })
  const setTheme = <K extends keyof PageTheme>(key: K, value: PageTheme[K]) =>
    set('theme', { ...draft.theme, [key]: value })
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(saved))

  async function submit() {
    if (!draft) return
    try {
      const result = await save.mutateAsync(draft)
      setDraft(draftOf(result))
      notifySuccess(
        result.published ? 'Your page is saved and public.' : 'Saved. The page is not public yet.',
      )
    } catch (error) {
      notifyError(error, 'The page was not saved')
    }
  }

  const text = (
    label: string,
    key: 'seo_title' | 'logo_url' | 'image_url' | 'hours_note',
    extra: { description?: string; placeholder?: string } = {},
  ) => (
    <TextInput
      label={label}
      {...extra}
      value={draft[key] ?? ''}
      onChange={(event) => set(key, orNull(event.currentTarget.value))}
      error={fieldError(key)}
      disabled={!canEdit}
    />
  )
  const contact = (label: string, key: keyof PageContact, type = 'text') => (
    <TextInput
      label={label}
      type={type}
      value={draft.contact[key] ?? ''}
      onChange={(event) => setContact(key, event.currentTarget.value)}
      error={fieldError(`contact.${key}`)}
      disabled={!canEdit}
    />
  )

  return (
    <Stack gap="lg">
      <PageHeader
        title="Home page"
        description="Your link in bio: a fast public page that search engines and link previews understand."
        actions={
          canEdit && (
            <Button onClick={submit} loading={save.isPending} disabled={!dirty}>
              Save page
            </Button>
          )
        }
      />
      {!canEdit && (
        <Alert variant="light">Only admins can change the home page. You can look at it.</Alert>
      )}
      {save.isError && Object.keys(errors).length > 0 && (
        <Alert color="red" variant="light" title="Some fields need a look">
          {save.error.message}
        </Alert>
      )}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="md">
            <Section title="Address">
              <Switch
                label="Published"
                description="Off: the address answers “page not found”."
                checked={draft.published ?? false}
                onChange={(event) => set('published', event.currentTarget.checked)}
                disabled={!canEdit}
              />
              <TextInput
                label="Address (slug)"
                description="Change it and the old address sends people to the new one."
                leftSection={<Text size="xs">/p/</Text>}
                leftSectionWidth={36}
                value={draft.slug}
                onChange={(event) => set('slug', event.currentTarget.value)}
                error={fieldError('slug')}
                disabled={!canEdit}
              />
              <CopyField label="Public address" value={saved.url} />
              <Group gap="xs">
                <Anchor href={saved.url} target="_blank" rel="noopener" size="sm">
                  <Group gap={4} component="span">
                    Open the public page <IconExternalLink size={14} aria-hidden />
                  </Group>
                </Anchor>
                {!saved.published && (
                  <Text size="xs" c="dimmed">
                    (not public until you publish it and save)
                  </Text>
                )}
              </Group>
            </Section>

            <Section title="About the business">
              <Textarea
                label="Description"
                description="The first line shows under the name; search results show about 155 characters."
                autosize
                minRows={3}
                value={draft.description ?? ''}
                onChange={(event) => set('description', orNull(event.currentTarget.value))}
                error={fieldError('description')}
                disabled={!canEdit}
              />
              {text('Title for search results', 'seo_title', {
                description: `Optional. By default “${workspace.name}…”. Keep it under 60 characters.`,
              })}
              <SimpleGrid cols={{ base: 1, xs: 2 }}>
                <Select
                  label="Kind of business"
                  data={BUSINESS_TYPES}
                  value={draft.business_type}
                  onChange={(value) => value && set('business_type', value)}
                  allowDeselect={false}
                  searchable
                  error={fieldError('business_type')}
                  disabled={!canEdit}
                />
                <TextInput
                  label="Language"
                  description="en, fr, pt-BR…"
                  value={draft.language}
                  onChange={(event) => set('language', event.currentTarget.value)}
                  error={fieldError('language')}
                  disabled={!canEdit}
                />
              </SimpleGrid>
              {text('Logo', 'logo_url', {
                description: 'The address of a square image.',
                placeholder: 'https://',
              })}
              {text('Share image', 'image_url', {
                description: 'What link previews show. Without one, Murmur draws a card.',
                placeholder: 'https://',
              })}
              <Switch
                label="Show my latest posts"
                checked={draft.show_posts ?? false}
                onChange={(event) => set('show_posts', event.currentTarget.checked)}
                disabled={!canEdit}
              />
            </Section>

            <Section title="Contact">
              <SimpleGrid cols={{ base: 1, xs: 2 }}>
                {contact('Email', 'email', 'email')}
                {contact('Phone', 'phone', 'tel')}
              </SimpleGrid>
              {contact('Website', 'website', 'url')}
              {contact('Street', 'street')}
              <SimpleGrid cols={{ base: 1, xs: 2 }}>
                {contact('Town or city', 'locality')}
                {contact('Postal code', 'postal_code')}
                {contact('Region', 'region')}
                {contact('Country', 'country')}
              </SimpleGrid>
            </Section>

            <Section title="Opening hours">
              <OpeningHoursEditor
                value={draft.opening_hours}
                onChange={(value) => set('opening_hours', value)}
                errors={{ ...previewErrors, ...errors }}
              />
              {text('Note', 'hours_note', { placeholder: 'Closed on public holidays' })}
            </Section>

            <Section title="Links">
              <LinksEditor
                value={draft.links}
                onChange={(value) => set('links', value)}
                errors={{ ...previewErrors, ...errors }}
              />
            </Section>

            <Section title="Theme">
              <SimpleGrid cols={{ base: 1, xs: 2 }}>
                <Select
                  label="Palette"
                  data={PALETTES.map((value) => ({ value, label: capitalised(value) }))}
                  value={draft.theme.palette}
                  onChange={(value) => value && setTheme('palette', value as PageTheme['palette'])}
                  allowDeselect={false}
                  disabled={!canEdit}
                />
                <Select
                  label="Font"
                  data={FONTS.map((value) => ({ value, label: capitalised(value) }))}
                  value={draft.theme.font}
                  onChange={(value) => value && setTheme('font', value as PageTheme['font'])}
                  allowDeselect={false}
                  disabled={!canEdit}
                />
                <Select
                  label="Layout"
                  description="Centered: one column. Wide: two columns on a computer."
                  data={LAYOUTS.map((value) => ({ value, label: capitalised(value) }))}
                  value={draft.theme.layout}
                  onChange={(value) => value && setTheme('layout', value as PageTheme['layout'])}
                  allowDeselect={false}
                  disabled={!canEdit}
                />
                <ColorInput
                  label="Accent colour"
                  description="Buttons and link underlines."
                  format="hex"
                  value={draft.theme.accent}
                  onChange={(value) => setTheme('accent', value)}
                  error={fieldError('theme.accent')}
                  disabled={!canEdit}
                />
              </SimpleGrid>
            </Section>
            {canEdit && (
              <>
                <Divider />
                <Group justify="flex-end">
                  <Button onClick={submit} loading={save.isPending} disabled={!dirty}>
                    Save page
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <div style={{ position: 'sticky', top: 16 }}>
            {canEdit ? (
              <LivePreview
                title="Preview of the home page"
                html={preview.data?.html}
                loading={preview.isFetching}
                error={preview.error}
              />
            ) : (
              <Text size="sm" c="dimmed">
                The live preview is for admins; open the public page to see it.
              </Text>
            )}
          </div>
        </Grid.Col>
      </Grid>
    </Stack>
  )
}
