import { IconLink } from '@tabler/icons-react'
import { FeaturePlaceholder } from '../../components/feature-placeholder.js'

export default function LinksPage() {
  return (
    <FeaturePlaceholder
      title="Links"
      icon={IconLink}
      purpose="Create short tracked links so you know which posts bring visitors, leads and sales."
      comingNext={[
        'Short links with UTM tags filled in for you',
        'Clicks counted per link, with bots kept apart',
        'Leads and sales attributed to the posts that brought them',
      ]}
    />
  )
}
