import type { AttentionTables } from './tables/attention.js'
import type { EmailTables } from './tables/email.js'
import type { EngagementTables } from './tables/engagement.js'
import type { FoundationTables } from './tables/foundation.js'
import type { LinksTables } from './tables/links.js'
import type { OAuthTables } from './tables/oauth.js'
import type { PagesTables } from './tables/pages.js'
import type { PostImportFeedsTables } from './tables/post-import-feeds.js'
import type { PublishingTables } from './tables/publishing.js'
import type { ShareLinksTables } from './tables/share-links.js'
import type { SiteChecksTables } from './tables/site-checks.js'
import type { SiteTrafficTables } from './tables/site-traffic.js'
import type { TeamWorkflowTables } from './tables/team-workflow.js'

/**
 * Every table Murmur stores, as Kysely sees it. Each area of the product keeps
 * its tables in `tables/<area>.ts`; add the area here when it gets a migration.
 * Times are integer milliseconds since the epoch (UTC) in both databases.
 */
export interface Schema
  extends FoundationTables,
    PublishingTables,
    LinksTables,
    EngagementTables,
    PagesTables,
    OAuthTables,
    ShareLinksTables,
    SiteTrafficTables,
    SiteChecksTables,
    TeamWorkflowTables,
    AttentionTables,
    PostImportFeedsTables,
    EmailTables {}
