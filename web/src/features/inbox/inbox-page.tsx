import { IconInbox } from '@tabler/icons-react'
import { FeaturePlaceholder } from '../../components/feature-placeholder.js'

export default function InboxPage() {
  return (
    <FeaturePlaceholder
      title="Inbox"
      icon={IconInbox}
      purpose="Read and answer every comment, mention and message from your channels in one place."
      comingNext={[
        'One list for all channels, newest or most urgent first',
        'The whole conversation with a reply box and saved replies',
        'Keyboard shortcuts: j/k to move, e to mark done, r to reply',
      ]}
    />
  )
}
