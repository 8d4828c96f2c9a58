import type { Migration } from 'kysely'
import * as foundation from './0001-foundation.js'
import * as publishing from './0002-publishing.js'
import * as links from './0003-links.js'
import * as engagement from './0004-engagement.js'
import * as pages from './0005-pages.js'
import * as linkClickIndexes from './0006-links-click-indexes.js'
import * as linkRollupJob from './0007-links-rollup-job.js'
import * as networkApps from './0008-network-apps.js'
import * as shareLinks from './0009-share-links.js'
import * as deliveriesDueByNetwork from './0010-deliveries-due-by-network.js'
import * as channelConnection from './0011-channel-connection.js'
import * as siteTraffic from './0012-site-traffic.js'
import * as wordOfMouthRewards from './0013-word-of-mouth-rewards.js'
import * as siteChecks from './0014-site-checks.js'
import * as inboxLikesSyncNow from './0015-inbox-likes-sync-now.js'
import * as attention from './0016-attention.js'
import * as teamWorkflow from './0017-team-workflow.js'
import * as postImportFeeds from './0018-post-import-feeds.js'
import * as postLookupsByWorkspace from './0020-post-lookups-by-workspace.js'
import * as emailDigests from './0021-email-digests.js'
import * as followerCountsDaily from './0022-follower-counts-daily.js'
import * as workspaceLogo from './0025-workspace-logo.js'
import * as campaignRollups from './0026-campaign-rollups.js'
import * as clickDailyByDimension from './0027-click-daily-by-dimension.js'

/**
 * Every migration, in order. Names are fixed once landed: never rename or
 * edit one, add the next number instead.
 */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0003-links': links,
  '0002-publishing': publishing,
  '0004-engagement': engagement,
  '0005-pages': pages,
  '0006-links-click-indexes': linkClickIndexes,
  '0007-links-rollup-job': linkRollupJob,
  '0008-network-apps': networkApps,
  '0009-share-links': shareLinks,
  '0010-deliveries-due-by-network': deliveriesDueByNetwork,
  '0011-channel-connection': channelConnection,
  '0012-site-traffic': siteTraffic,
  '0013-word-of-mouth-rewards': wordOfMouthRewards,
  '0014-site-checks': siteChecks,
  '0015-inbox-likes-sync-now': inboxLikesSyncNow,
  '0016-attention': attention,
  '0017-team-workflow': teamWorkflow,
  '0018-post-import-feeds': postImportFeeds,
  '0020-post-lookups-by-workspace': postLookupsByWorkspace,
  '0021-email-digests': emailDigests,
  '0022-follower-counts-daily': followerCountsDaily,
  '0025-workspace-logo': workspaceLogo,
  '0026-campaign-rollups': campaignRollups,
  '0027-click-daily-by-dimension': clickDailyByDimension,
}
