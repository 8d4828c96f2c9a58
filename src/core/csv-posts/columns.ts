/** The columns of a posts file, as the import reads them and the export writes them. */
export const POST_COLUMNS = [
  'text',
  'channels',
  'time',
  'images',
  'alt_text',
  'labels',
  'campaign',
  'first_comment',
  'key',
] as const

export type PostColumn = (typeof POST_COLUMNS)[number]

/** Other names people give these columns (spreadsheets, other tools). */
const ALIASES: Record<string, PostColumn> = {
  post: 'text',
  message: 'text',
  content: 'text',
  channel: 'channels',
  date: 'time',
  when: 'time',
  scheduled_at: 'time',
  publish_at: 'time',
  image: 'images',
  image_urls: 'images',
  image_url: 'images',
  media: 'images',
  media_ids: 'images',
  alt: 'alt_text',
  label: 'labels',
  tags: 'labels',
  first_comments: 'first_comment',
  comment: 'first_comment',
  row_key: 'key',
  // An export read back: its post id keeps a second import of the same file from duplicating.
  id: 'key',
}

/** Columns an export writes that say what happened; the import reads past them. */
export const EXPORT_ONLY_COLUMNS = [
  'state',
  'deliveries',
  'delivery_states',
  'links',
  'published_at',
  'created_at',
  'updated_at',
] as const

const normalName = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/** Which column a header names, `ignored` for export-only columns, undefined when unknown. */
export function columnOf(header: string): PostColumn | 'ignored' | undefined {
  const name = normalName(header)
  if ((POST_COLUMNS as readonly string[]).includes(name)) return name as PostColumn
  if ((EXPORT_ONLY_COLUMNS as readonly string[]).includes(name)) return 'ignored'
  return ALIASES[name]
}
