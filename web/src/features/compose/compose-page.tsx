import { IconPencil } from '@tabler/icons-react'
import { FeaturePlaceholder } from '../../components/feature-placeholder.js'

export default function ComposePage() {
  return (
    <FeaturePlaceholder
      title="Compose"
      icon={IconPencil}
      purpose="Write a post once, adapt it for each channel, and publish it now or schedule it."
      comingNext={[
        'An editor with a live preview for every selected channel',
        'Exact character counters and plain-words warnings per network',
        'Save as draft, add to the queue, schedule at a time, or publish now',
      ]}
    />
  )
}
