/**
 * Cursor pagination over a list already in its final order: the cursor is the
 * id of the last item of the previous page.
 */
export function pageOf<T>(
  items: T[],
  idOf: (item: T) => string,
  page: { limit: number; cursor?: string | undefined },
): { data: T[]; next_cursor: string | null } {
  let start = 0
  if (page.cursor) {
    const index = items.findIndex((item) => idOf(item) === page.cursor)
    start = index === -1 ? items.length : index + 1
  }
  const data = items.slice(start, start + page.limit)
  const last = data.at(-1)
  const more = start + page.limit < items.length
  return { data, next_cursor: more && last ? idOf(last) : null }
}
