import { Badge } from '@mantine/core'
import type { Role } from '../api/types.js'
import { ROLE_COLOR, ROLE_LABEL } from '../lib/roles.js'

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge variant="light" color={ROLE_COLOR[role]} size="sm">
      {ROLE_LABEL[role]}
    </Badge>
  )
}
