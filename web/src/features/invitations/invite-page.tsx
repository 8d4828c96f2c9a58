import {
  Alert,
  Anchor,
  Button,
  Group,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { IconAlertCircle, IconMailOpened } from '@tabler/icons-react'
import { type FormEvent, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { isApiError } from '../../api/client.js'
import { useAcceptInvitation, useInvitationPreview } from '../../api/invitations.js'
import { useSession, useSignOut } from '../../api/session.js'
import type { InvitationPreview } from '../../api/types.js'
import { RoleBadge } from '../../components/role-badge.js'
import { FullPageLoader } from '../../components/status-screens.js'
import { formatDate } from '../../lib/format.js'
import { fieldError, notifyError, notifySuccess } from '../../lib/notify.js'
import { ROLE_DESCRIPTION } from '../../lib/roles.js'
import {
  emailProblem,
  MIN_PASSWORD_LENGTH,
  newPasswordProblem,
  problems,
  requiredProblem,
} from '../../lib/validate.js'
import { AuthLayout } from '../auth/auth-layout.js'

export default function InvitePage() {
  const { token = '' } = useParams()
  const preview = useInvitationPreview(token)
  const session = useSession()

  if (preview.isPending || session.isPending) return <FullPageLoader />

  if (preview.isError) {
    const gone = isApiError(preview.error) && preview.error.status === 404
    return (
      <AuthLayout
        title={gone ? 'This invitation cannot be used' : 'This invitation could not be opened'}
        subtitle={
          gone
            ? 'The link is wrong, has expired, or was already used or revoked. Ask the person who invited you for a new one.'
            : preview.error.message
        }
      >
        <Group>
          {!gone && <Button onClick={() => preview.refetch()}>Try again</Button>}
          <Button component={Link} to="/" variant="default">
            Go to Murmur
          </Button>
        </Group>
      </AuthLayout>
    )
  }

  const invitation = preview.data
  return (
    <AuthLayout
      title={`Join ${invitation.workspace.name}`}
      subtitle={<InvitationSummary invitation={invitation} />}
      width={460}
    >
      {session.data ? (
        <AcceptAsSignedIn
          token={token}
          invitation={invitation}
          userLabel={session.data.user.email}
        />
      ) : (
        <AcceptWithAccount token={token} invitation={invitation} />
      )}
    </AuthLayout>
  )
}

function InvitationSummary({ invitation }: { invitation: InvitationPreview }) {
  return (
    <Stack gap={6} component="span">
      <Group gap={6} component="span">
        <span>You are invited as</span>
        <RoleBadge role={invitation.role} />
      </Group>
      <span>
        {ROLE_DESCRIPTION[invitation.role]}. The link works until{' '}
        {formatDate(invitation.expires_at)}.
      </span>
    </Stack>
  )
}

function useJoined() {
  const navigate = useNavigate()
  return ({ workspace }: { workspace: { id: string; name: string } }) => {
    notifySuccess(`You joined ${workspace.name}.`, 'Welcome aboard')
    navigate(`/w/${encodeURIComponent(workspace.id)}`, { replace: true })
  }
}

function AcceptAsSignedIn({
  token,
  invitation,
  userLabel,
}: {
  token: string
  invitation: InvitationPreview
  userLabel: string
}) {
  const accept = useAcceptInvitation(token)
  const signOut = useSignOut()
  const joined = useJoined()

  return (
    <Stack>
      <Text size="sm">
        You are signed in as <strong>{userLabel}</strong>.
      </Text>
      {accept.error && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {accept.error.message}
        </Alert>
      )}
      <Button
        leftSection={<IconMailOpened size={18} aria-hidden />}
        loading={accept.isPending}
        onClick={() => accept.mutate({}, { onSuccess: joined })}
      >
        Join {invitation.workspace.name}
      </Button>
      <Text size="sm" c="dimmed">
        Not you?{' '}
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() =>
            signOut.mutate(undefined, {
              onError: (error) => notifyError(error, 'Could not sign out'),
            })
          }
        >
          Sign out
        </Anchor>{' '}
        and use another account.
      </Text>
    </Stack>
  )
}

type Mode = 'create' | 'sign-in'
type Field = 'email' | 'password'

function AcceptWithAccount({
  token,
  invitation,
}: {
  token: string
  invitation: InvitationPreview
}) {
  const [mode, setMode] = useState<Mode>('create')
  const [name, setName] = useState('')
  const [email, setEmail] = useState(invitation.email ?? '')
  const [password, setPassword] = useState('')
  const [localProblems, setLocalProblems] = useState<Partial<Record<Field, string>>>({})
  const accept = useAcceptInvitation(token)
  const joined = useJoined()
  const creating = mode === 'create'

  function submit(event: FormEvent) {
    event.preventDefault()
    const found = problems<Field>({
      email: emailProblem(email),
      password: creating
        ? newPasswordProblem(password)
        : requiredProblem(password, 'Enter your password'),
    })
    setLocalProblems(found)
    if (Object.keys(found).length > 0) return
    accept.mutate(
      { email: email.trim(), password, ...(creating && name.trim() ? { name: name.trim() } : {}) },
      { onSuccess: joined },
    )
  }

  const hasFieldErrors =
    isApiError(accept.error) && Object.keys(accept.error.fieldErrors).length > 0

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SegmentedControl
          fullWidth
          value={mode}
          onChange={(value) => {
            setMode(value as Mode)
            setLocalProblems({})
            accept.reset()
          }}
          data={[
            { value: 'create', label: 'I am new here' },
            { value: 'sign-in', label: 'I have an account' },
          ]}
          aria-label="Do you already have a Murmur account?"
        />
        {accept.error && !hasFieldErrors && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {accept.error.message}
          </Alert>
        )}
        {creating && (
          <TextInput
            label="Your name (optional)"
            autoComplete="name"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fieldError(accept.error, 'name')}
          />
        )}
        <TextInput
          label="Email"
          type="email"
          autoComplete={creating ? 'email' : 'username'}
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          readOnly={Boolean(invitation.email)}
          description={invitation.email ? 'This invitation is for this address.' : undefined}
          error={localProblems.email ?? fieldError(accept.error, 'email')}
          required
        />
        <PasswordInput
          label={creating ? 'Choose a password' : 'Password'}
          description={creating ? `At least ${MIN_PASSWORD_LENGTH} characters.` : undefined}
          autoComplete={creating ? 'new-password' : 'current-password'}
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={localProblems.password ?? fieldError(accept.error, 'password')}
          required
        />
        <Button type="submit" loading={accept.isPending} fullWidth>
          {creating ? 'Create account and join' : 'Sign in and join'}
        </Button>
      </Stack>
    </form>
  )
}
