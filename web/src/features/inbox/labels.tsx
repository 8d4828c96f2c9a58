import { Badge, Group, Tooltip } from '@mantine/core'
import type { Intent, Label, Sentiment } from '../../api/inbox-types.js'

const SENTIMENT_COLOR: Record<Sentiment, string> = {
  positive: 'teal',
  neutral: 'gray',
  negative: 'red',
}
const INTENT_COLOR: Record<Intent, string> = {
  complaint: 'red',
  purchase: 'grape',
  question: 'blue',
  praise: 'teal',
}

interface MessageLabelsProps {
  sentiment: Sentiment | null
  intent: Intent | null
  /** The reasons the server gave; shown on hover and to screen readers. */
  labels?: Label[]
}

/** Sentiment and intent as small labels, the reason for each on hover. */
export function MessageLabels({ sentiment, intent, labels = [] }: MessageLabelsProps) {
  const reason = (type: Label['type'], value: string) =>
    labels.find((label) => label.type === type && label.value === value)?.reason
  return (
    <Group gap={4} wrap="nowrap">
      {intent && (
        <ReasonBadge color={INTENT_COLOR[intent]} reason={reason('intent', intent)} text={intent} />
      )}
      {sentiment && sentiment !== 'neutral' && (
        <ReasonBadge
          color={SENTIMENT_COLOR[sentiment]}
          reason={reason('sentiment', sentiment)}
          text={sentiment}
        />
      )}
    </Group>
  )
}

function ReasonBadge({ color, reason, text }: { color: string; reason?: string; text: string }) {
  const badge = (
    <Badge size="xs" variant="light" color={color} tabIndex={reason ? 0 : undefined}>
      {text}
    </Badge>
  )
  if (!reason) return badge
  return (
    <Tooltip
      label={reason}
      multiline
      maw={320}
      withArrow
      events={{ hover: true, focus: true, touch: true }}
    >
      {badge}
    </Tooltip>
  )
}
