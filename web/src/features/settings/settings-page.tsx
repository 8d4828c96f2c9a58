import { Stack, Tabs } from '@mantine/core'
import { IconKey, IconPlugConnected, IconSettings, IconUsers } from '@tabler/icons-react'
import { Navigate, useNavigate, useParams } from 'react-router'
import { useCan, useCurrentWorkspace, workspaceHref } from '../../app/workspace-context.js'
import { PageHeader } from '../../components/page-header.js'
import { ChannelsTab } from '../channels/channels-tab.js'
import { ApiKeysTab } from './api-keys-tab.js'
import { GeneralTab } from './general-tab.js'
import { MembersTab } from './members-tab.js'

const TABS = ['general', 'members', 'channels', 'api-keys'] as const
type Tab = (typeof TABS)[number]

export default function SettingsPage() {
  const workspace = useCurrentWorkspace()
  const canManageKeys = useCan('api_keys.manage')
  const { tab } = useParams()
  const navigate = useNavigate()

  const visible = TABS.filter((name) => name !== 'api-keys' || canManageKeys)
  if (!visible.includes(tab as Tab)) {
    return <Navigate to={workspaceHref(workspace.id, 'settings/general')} replace />
  }

  return (
    <Stack gap="lg">
      <PageHeader
        title="Settings"
        description={`How ${workspace.name} works, and who works in it.`}
      />
      <Tabs
        value={tab}
        onChange={(next) => next && navigate(workspaceHref(workspace.id, `settings/${next}`))}
        keepMounted={false}
      >
        <Tabs.List mb="lg" style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          <Tabs.Tab value="general" leftSection={<IconSettings size={16} aria-hidden />}>
            General
          </Tabs.Tab>
          <Tabs.Tab value="members" leftSection={<IconUsers size={16} aria-hidden />}>
            Members
          </Tabs.Tab>
          <Tabs.Tab value="channels" leftSection={<IconPlugConnected size={16} aria-hidden />}>
            Channels
          </Tabs.Tab>
          {canManageKeys && (
            <Tabs.Tab value="api-keys" leftSection={<IconKey size={16} aria-hidden />}>
              API keys
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="general">
          <GeneralTab />
        </Tabs.Panel>
        <Tabs.Panel value="members">
          <MembersTab />
        </Tabs.Panel>
        <Tabs.Panel value="channels">
          <ChannelsTab />
        </Tabs.Panel>
        {canManageKeys && (
          <Tabs.Panel value="api-keys">
            <ApiKeysTab />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  )
}
