import { Select } from '@mantine/core'
import { IconWorld } from '@tabler/icons-react'
import { useMemo } from 'react'
import { timeZoneOptionsWith } from '../lib/time-zones.js'

interface TimeZoneSelectProps {
  value: string
  onChange: (value: string) => void
  label?: string
  description?: string
  error?: string | undefined
  disabled?: boolean
  readOnly?: boolean
}

export function TimeZoneSelect({
  value,
  onChange,
  label = 'Time zone',
  description,
  error,
  disabled,
  readOnly,
}: TimeZoneSelectProps) {
  const data = useMemo(() => timeZoneOptionsWith(value), [value])
  return (
    <Select
      label={label}
      description={description}
      data={data}
      value={value}
      onChange={(next) => next && onChange(next)}
      searchable
      allowDeselect={false}
      nothingFoundMessage="No time zone matches"
      maxDropdownHeight={280}
      leftSection={<IconWorld size={16} aria-hidden />}
      error={error}
      disabled={disabled}
      readOnly={readOnly}
      required
    />
  )
}
