import { IconAddressBook } from '@tabler/icons-react'
import { FeaturePlaceholder } from '../../components/feature-placeholder.js'

export default function ContactsPage() {
  return (
    <FeaturePlaceholder
      title="Contacts"
      icon={IconAddressBook}
      purpose="Keep track of the people who follow, talk to and buy from your business."
      comingNext={[
        'A searchable table with filters by stage, tag and network',
        'A board by stage: audience, engaged, lead, customer',
        'A page per contact with the timeline of everything they did',
      ]}
    />
  )
}
