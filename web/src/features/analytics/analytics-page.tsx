import { IconChartBar } from '@tabler/icons-react'
import { FeaturePlaceholder } from '../../components/feature-placeholder.js'

export default function AnalyticsPage() {
  return (
    <FeaturePlaceholder
      title="Analytics"
      icon={IconChartBar}
      purpose="See what your posts and links achieved, compared with the period before."
      comingNext={[
        'Last 7, 30 or 90 days, or a custom period',
        'Charts of reach, clicks, leads and sales, then the tables behind them',
        'Every table downloadable as CSV',
      ]}
    />
  )
}
