import { IconCalendarEvent } from '@tabler/icons-react'
import { FeaturePlaceholder } from '../../components/feature-placeholder.js'

export default function CalendarPage() {
  return (
    <FeaturePlaceholder
      title="Calendar"
      icon={IconCalendarEvent}
      purpose="See every scheduled and published post by day, week or month, and move them around."
      comingNext={[
        'Month, week and list views in your workspace’s time zone',
        'Posts as chips coloured by channel, with their state',
        'Drag a post to another day to reschedule it',
      ]}
    />
  )
}
