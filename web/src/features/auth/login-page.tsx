import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import { type FormEvent, useState } from 'react'
import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { useSession, useSignIn } from '../../api/session.js'
import { FullPageLoader } from '../../components/status-screens.js'
import { fieldError } from '../../lib/notify.js'
import { safeReturnPath } from '../../lib/return-path.js'
import { emailProblem, problems, requiredProblem } from '../../lib/validate.js'
import { AuthLayout } from './auth-layout.js'

type Field = 'email' | 'password'

export default function LoginPage() {
  const session = useSession()
  const [searchParams] = useSearchParams()
  const next = safeReturnPath(searchParams.get('next'))
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [localProblems, setLocalProblems] = useState<Partial<Record<Field, string>>>({})
  const signIn = useSignIn()
  const navigate = useNavigate()

  if (session.isPending) return <FullPageLoader />
  if (session.data && !signIn.isPending) return <Navigate to={next} replace />

  function submit(event: FormEvent) {
    event.preventDefault()
    const found = problems<Field>({
      email: emailProblem(email),
      password: requiredProblem(password, 'Enter your password'),
    })
    setLocalProblems(found)
    if (Object.keys(found).length > 0) return
    signIn.mutate(
      { email: email.trim(), password },
      { onSuccess: () => navigate(next, { replace: true }) },
    )
  }

  return (
    <AuthLayout
      title="Sign in to Murmur"
      footer="Invited by a teammate? Open the link they sent you to join their workspace."
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {signIn.error && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {signIn.error.message}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={localProblems.email ?? fieldError(signIn.error, 'email')}
            required
            data-autofocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={localProblems.password ?? fieldError(signIn.error, 'password')}
            required
          />
          <Button type="submit" loading={signIn.isPending} fullWidth mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
