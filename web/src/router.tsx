import { lazy } from 'react'
import { createBrowserRouter, Navigate } from 'react-router'
import { NotFoundPage } from './app/not-found-page.js'
import { RequireSession } from './app/require-session.js'
import { RouteError } from './app/route-error.js'
import { StartGate } from './app/start-gate.js'
import { WorkspaceLayout } from './app/workspace-layout.js'
import { FirstWorkspaceRedirect } from './features/workspaces/first-workspace-redirect.js'

// Each screen is its own chunk, so the first load stays small.
const SetupPage = lazy(() => import('./features/auth/setup-page.js'))
const LoginPage = lazy(() => import('./features/auth/login-page.js'))
const InvitePage = lazy(() => import('./features/invitations/invite-page.js'))
const HomePage = lazy(() => import('./features/home/home-page.js'))
const ComposePage = lazy(() => import('./features/compose/compose-page.js'))
const CalendarPage = lazy(() => import('./features/calendar/calendar-page.js'))
const ImportPage = lazy(() => import('./features/import/import-page.js'))
const FeedsPage = lazy(() => import('./features/feeds/feeds-page.js'))
const InboxPage = lazy(() => import('./features/inbox/inbox-page.js'))
const ContactsPage = lazy(() => import('./features/contacts/contacts-page.js'))
const ContactPage = lazy(() => import('./features/contacts/contact-page.js'))
const LinksPage = lazy(() => import('./features/links/links-page.js'))
const TrafficPage = lazy(() => import('./features/traffic/traffic-page.js'))
const AnalyticsPage = lazy(() => import('./features/analytics/analytics-page.js'))
const WordOfMouthPage = lazy(() => import('./features/word-of-mouth/word-of-mouth-page.js'))
const SettingsPage = lazy(() => import('./features/settings/settings-page.js'))
const PageEditorPage = lazy(() => import('./features/pages/page-editor-page.js'))
const EventsPage = lazy(() => import('./features/events/events-page.js'))
const EventPage = lazy(() => import('./features/events/event-page.js'))
const SiteCheckPage = lazy(() => import('./features/site-check/site-check-page.js'))
const ApprovalsPage = lazy(() => import('./features/approvals/approvals-page.js'))
const NotificationsPage = lazy(() => import('./features/notifications/notifications-page.js'))
const WebhooksPage = lazy(() => import('./features/webhooks/webhooks-page.js'))

/** Paths inside a workspace, relative to /w/:workspaceId. The navbar and the checklist use them. */
export const workspacePaths = {
  home: '',
  compose: 'compose',
  calendar: 'calendar',
  import: 'import',
  feeds: 'feeds',
  inbox: 'inbox',
  contacts: 'contacts',
  links: 'links',
  traffic: 'traffic',
  analytics: 'analytics',
  wordOfMouth: 'word-of-mouth',
  page: 'page',
  events: 'events',
  siteCheck: 'site-check',
  approvals: 'approvals',
  notifications: 'notifications',
  webhooks: 'webhooks',
  settings: 'settings',
} as const

export const router = createBrowserRouter([
  {
    element: <StartGate />,
    errorElement: <RouteError />,
    children: [
      { path: '/setup', element: <SetupPage /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/invite/:token', element: <InvitePage /> },
      {
        element: <RequireSession />,
        children: [
          { index: true, element: <FirstWorkspaceRedirect /> },
          {
            path: '/w/:workspaceId',
            element: <WorkspaceLayout />,
            children: [
              { index: true, element: <HomePage /> },
              { path: 'compose', element: <ComposePage /> },
              { path: 'calendar', element: <CalendarPage /> },
              { path: 'import', element: <ImportPage /> },
              { path: 'feeds', element: <FeedsPage /> },
              { path: 'inbox', element: <InboxPage /> },
              { path: 'contacts', element: <ContactsPage /> },
              { path: 'contacts/:contactId', element: <ContactPage /> },
              { path: 'links', element: <LinksPage /> },
              { path: 'traffic', element: <TrafficPage /> },
              { path: 'analytics', element: <AnalyticsPage /> },
              { path: 'word-of-mouth', element: <WordOfMouthPage /> },
              { path: 'page', element: <PageEditorPage /> },
              { path: 'events', element: <EventsPage /> },
              { path: 'events/:eventId', element: <EventPage /> },
              { path: 'site-check', element: <SiteCheckPage /> },
              { path: 'approvals', element: <ApprovalsPage /> },
              { path: 'notifications', element: <NotificationsPage /> },
              { path: 'webhooks', element: <WebhooksPage /> },
              { path: 'settings', element: <Navigate to="general" replace /> },
              { path: 'settings/:tab', element: <SettingsPage /> },
              { path: '*', element: <NotFoundPage inWorkspace /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
