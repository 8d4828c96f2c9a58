/** "2026-11-27T12:00:00+0000", Meta's time format → ISO 8601, which every parser reads. */
export function metaTime(value: string | undefined): string {
  if (!value) return ''
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  const time = Date.parse(normalized)
  return Number.isFinite(time) ? new Date(time).toISOString() : value
}
