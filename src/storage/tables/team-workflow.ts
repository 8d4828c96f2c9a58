/** Which roles' scheduled posts wait for approval (JSON array of roles); absent: editors. */
export interface ApprovalSettingsTable {
  workspace_id: string
  roles: string
  updated_by: string | null
  updated_at: number
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn'

/** One submission of a post for approval and its decision; a post's rows are its history. */
export interface ApprovalRequestsTable {
  workspace_id: string
  id: string
  post_id: string
  status: ApprovalStatus
  /** The user who asked (null for an API key); `submitted_by_name` says who in words. */
  submitted_by: string | null
  submitted_by_name: string
  submitted_at: number
  /** The earliest time the post should go out; past it while pending, the post is late. */
  due_at: number | null
  /** When Murmur flagged that the post's time passed while it waited. */
  overdue_at: number | null
  decided_by: string | null
  decided_by_name: string | null
  decided_at: number | null
  comment: string | null
}

/** An in-app notification for one member. */
export interface NotificationsTable {
  workspace_id: string
  id: string
  user_id: string
  kind: string
  post_id: string | null
  title: string
  body: string | null
  created_at: number
  read_at: number | null
}

/** A public link for a client to review a post; its token is sealed, the row can be revoked. */
export interface ReviewLinksTable {
  workspace_id: string
  id: string
  post_id: string
  note: string | null
  created_by: string | null
  created_at: number
  expires_at: number
  revoked_at: number | null
}

export type ReviewDecision = 'approved' | 'changes_requested'

export interface ReviewResponsesTable {
  workspace_id: string
  id: string
  review_link_id: string
  post_id: string
  reviewer_name: string
  decision: ReviewDecision
  comment: string | null
  created_at: number
}

export interface WebhookEndpointsTable {
  workspace_id: string
  id: string
  url: string
  description: string | null
  /** JSON array of event types. */
  events: string
  /** The `whsec_…` signing secret, sealed with murmur.secrets. */
  secret: string
  enabled: number
  disabled_reason: string | null
  /** First failure of the current run of failures (null after a success). */
  failing_since: number | null
  created_by: string | null
  created_at: number
  updated_at: number
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed'

export interface WebhookDeliveriesTable {
  workspace_id: string
  /** Also the `webhook-id` header: the same across retries, so receivers can de-duplicate. */
  id: string
  endpoint_id: string
  event_type: string
  /** The JSON body, exactly as signed. */
  payload: string
  status: WebhookDeliveryStatus
  attempts: number
  next_attempt_at: number | null
  lease_owner: string | null
  lease_expires_at: number | null
  last_status_code: number | null
  last_error: string | null
  created_at: number
  delivered_at: number | null
}

export interface WebhookAttemptsTable {
  workspace_id: string
  id: string
  delivery_id: string
  attempt: number
  status_code: number | null
  response_excerpt: string | null
  error: string | null
  duration_ms: number
  created_at: number
}

export interface TeamWorkflowTables {
  approval_settings: ApprovalSettingsTable
  approval_requests: ApprovalRequestsTable
  notifications: NotificationsTable
  review_links: ReviewLinksTable
  review_responses: ReviewResponsesTable
  webhook_endpoints: WebhookEndpointsTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
}
