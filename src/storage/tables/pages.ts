/**
 * Be found: the workspace's public pages (home / link in bio, event pages), its events and
 * their attendees. Lists and small records are JSON text so both databases store them alike;
 * flags are integers (0 or 1); times are epoch milliseconds.
 */

export type EventStatus = 'draft' | 'published' | 'cancelled'

/** The home page's settings: one row per workspace, made on first save. */
export interface PagesTable {
  workspace_id: string
  /** 1: the home page is served; 0: it answers 404 (events have their own status). */
  published: number
  /** Overrides the generated <title> of the home page. */
  seo_title: string | null
  description: string | null
  /** BCP 47 language of the page's text, for `lang` and date formatting. */
  language: string
  /** schema.org type for the structured data: LocalBusiness, Bakery, Organization… */
  business_type: string
  logo_url: string | null
  /** Social preview image: an uploaded media item (served resized) or an outside address. */
  image_media_id: string | null
  image_url: string | null
  /** JSON PageContact. */
  contact: string
  /** JSON OpeningHours[]. */
  opening_hours: string
  hours_note: string | null
  /** JSON PageTheme. */
  theme: string
  show_posts: number
  /** Lower-case host name that serves this workspace's pages, or null. */
  custom_domain: string | null
  created_at: number
  updated_at: number
}

/** A link on the home page: always a tracked link (`links`), in order. */
export interface PageLinksTable {
  workspace_id: string
  id: string
  link_id: string
  label: string
  position: number
  created_at: number
}

export interface EventsTable {
  workspace_id: string
  id: string
  /** Lower case, unique in the workspace; old slugs live on in `page_slugs`. */
  slug: string
  title: string
  description: string | null
  starts_at: number
  ends_at: number
  /** The workspace's zone when the times were last set: how they are shown and written to .ics. */
  time_zone: string
  /** JSON EventPlace, or null for an online-only event. */
  place: string | null
  online_url: string | null
  /** Most attendees accepted; null for no limit. */
  capacity: number | null
  /** Attendees so far, kept in step with `attendees` so "full" is one atomic update. */
  attendee_count: number
  image_media_id: string | null
  image_url: string | null
  image_alt: string | null
  status: EventStatus
  /** RFC 5545 SEQUENCE: bumped when the time, place or status changes. */
  sequence: number
  published_at: number | null
  created_by: string | null
  created_at: number
  updated_at: number
}

/** A person who joined an event through its page. */
export interface AttendeesTable {
  workspace_id: string
  id: string
  event_id: string
  name: string
  email: string
  /** Lower-cased email: one attendee per address and event. */
  email_key: string
  /** 1 when they ticked the consent box; `consent_text` is exactly what it said. */
  consent: number
  consent_text: string
  /** The contact the attendee became, once contacts exist (see src/pages/attendee-contacts.ts). */
  contact_id: string | null
  joined_at: number
}

/** Slugs a page used to have: requests for them get a 301 to the current address. */
export interface PageSlugsTable {
  workspace_id: string
  /** `home`: an old workspace slug; `event`: an old slug of `event_id`. */
  kind: 'home' | 'event'
  slug: string
  event_id: string | null
  created_at: number
}

/** Announcement posts made for an event (the posts themselves belong to publishing). */
export interface EventPostsTable {
  workspace_id: string
  event_id: string
  post_id: string
  created_at: number
}

export interface PagesTables {
  pages: PagesTable
  page_links: PageLinksTable
  events: EventsTable
  attendees: AttendeesTable
  page_slugs: PageSlugsTable
  event_posts: EventPostsTable
}
