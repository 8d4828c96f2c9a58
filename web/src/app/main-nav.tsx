import { NavLink, Stack } from '@mantine/core'
import {
  type Icon,
  IconAddressBook,
  IconAffiliate,
  IconBell,
  IconCalendarEvent,
  IconChartBar,
  IconConfetti,
  IconFileImport,
  IconHome,
  IconInbox,
  IconLink,
  IconPencil,
  IconRss,
  IconSearch,
  IconSettings,
  IconTrendingUp,
  IconUserCheck,
  IconWebhook,
  IconWorldWww,
} from '@tabler/icons-react'
import { Link, useLocation } from 'react-router'
import { workspaceHref } from './workspace-context.js'

interface NavItem {
  label: string
  path: string
  icon: Icon
}

const ITEMS: NavItem[] = [
  { label: 'Home', path: '', icon: IconHome },
  { label: 'Compose', path: 'compose', icon: IconPencil },
  { label: 'Calendar', path: 'calendar', icon: IconCalendarEvent },
  { label: 'Import & export', path: 'import', icon: IconFileImport },
  { label: 'Feeds', path: 'feeds', icon: IconRss },
  { label: 'Approvals', path: 'approvals', icon: IconUserCheck },
  { label: 'Inbox', path: 'inbox', icon: IconInbox },
  { label: 'Contacts', path: 'contacts', icon: IconAddressBook },
  { label: 'Links', path: 'links', icon: IconLink },
  { label: 'Traffic', path: 'traffic', icon: IconTrendingUp },
  { label: 'Analytics', path: 'analytics', icon: IconChartBar },
  { label: 'Word of mouth', path: 'word-of-mouth', icon: IconAffiliate },
  { label: 'Home page', path: 'page', icon: IconWorldWww },
  { label: 'Events', path: 'events', icon: IconConfetti },
  { label: 'Site check', path: 'site-check', icon: IconSearch },
  { label: 'Notifications', path: 'notifications', icon: IconBell },
  { label: 'Webhooks', path: 'webhooks', icon: IconWebhook },
  { label: 'Settings', path: 'settings', icon: IconSettings },
]

export function MainNav({ workspaceId }: { workspaceId: string }) {
  const { pathname } = useLocation()
  const base = workspaceHref(workspaceId)

  return (
    <Stack gap={2} component="nav" aria-label="Workspace">
      {ITEMS.map(({ label, path, icon: ItemIcon }) => {
        const href = workspaceHref(workspaceId, path)
        const active = path
          ? pathname === href || pathname.startsWith(`${href}/`)
          : pathname === base || pathname === `${base}/`
        return (
          <NavLink
            key={label}
            component={Link}
            to={href}
            label={label}
            leftSection={<ItemIcon size={18} stroke={1.6} aria-hidden />}
            active={active}
            aria-current={active ? 'page' : undefined}
            variant="light"
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
          />
        )
      })}
    </Stack>
  )
}
