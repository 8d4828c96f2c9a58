import { ActionIcon, TextInput, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { useState } from 'react'
import { copyText } from '../lib/clipboard.js'
import { notifyError } from '../lib/notify.js'

interface CopyFieldProps {
  label: string
  value: string
  description?: string
}

/** A read-only field with a copy button, for links and keys that are shown once. */
export function CopyField({ label, value, description }: CopyFieldProps) {
  const [copied, setCopied] = useState(false)

  async function copy() {
    if (await copyText(value)) {
      setCopied(true)
      window.setTimeout(() => setCopied(false), 2000)
    } else {
      notifyError(new Error('Select the text and copy it by hand.'), 'Could not copy')
    }
  }

  const buttonLabel = copied ? 'Copied' : `Copy ${label.toLowerCase()}`
  return (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      onFocus={(event) => event.currentTarget.select()}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      rightSectionWidth={42}
      rightSection={
        <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow position="left">
          <ActionIcon
            variant={copied ? 'filled' : 'subtle'}
            color={copied ? 'green' : undefined}
            onClick={copy}
            aria-label={buttonLabel}
          >
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      }
    />
  )
}
