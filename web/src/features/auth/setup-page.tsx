import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { useNavigate } from 'react-router'
import { isApiError } from '../../api/client.js'
import { markSetUpDone, useSetUpOwner } from '../../api/setup.js'
import { TimeZoneSelect } from '../../components/time-zone-select.js'
import { fieldError, notifySuccess } from '../../lib/notify.js'
import { browserTimeZone } from '../../lib/time-zones.js'
import {
  emailProblem,
  MIN_PASSWORD_LENGTH,
  newPasswordProblem,
  problems,
  requiredProblem,
} from '../../lib/validate.js'
import { AuthLayout } from './auth-layout.js'

type Field = 'email' | 'password' | 'workspace_name'

export default function SetupPage() {
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [workspaceName, setWorkspaceName] = useState('')
  const [timeZone, setTimeZone] = useState(browserTimeZone)
  const [localProblems, setLocalProblems] = useState<Partial<Record<Field, string>>>({})
  const setUp = useSetUpOwner()
  const navigate = useNavigate()
  const queryClient = useQueryClient()

  const problem = (field: string) => localProblems[field as Field] ?? fieldError(setUp.error, field)

  function submit(event: FormEvent) {
    event.preventDefault()
    const found = problems<Field>({
      email: emailProblem(email),
      password: newPasswordProblem(password),
      workspace_name: requiredProblem(workspaceName, 'Enter the name of your business'),
    })
    setLocalProblems(found)
    if (Object.keys(found).length > 0) return
    setUp.mutate(
      {
        email: email.trim(),
        password,
        name: name.trim() || undefined,
        workspace_name: workspaceName.trim(),
        time_zone: timeZone,
      },
      {
        onSuccess: ({ workspace }) => {
          notifySuccess('Your workspace is ready. Here is what to do first.', 'Welcome to Murmur')
          markSetUpDone(queryClient)
          navigate(`/w/${encodeURIComponent(workspace.id)}`, { replace: true })
        },
      },
    )
  }

  const serverMessage =
    setUp.error && !(isApiError(setUp.error) && Object.keys(setUp.error.fieldErrors).length > 0)
      ? setUp.error.message
      : null

  return (
    <AuthLayout
      title="Set up Murmur"
      subtitle="Create the owner account and the workspace for your business. It takes a minute."
      width={480}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {serverMessage && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {serverMessage}
            </Alert>
          )}
          <TextInput
            label="Your name (optional)"
            autoComplete="name"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={problem('name')}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={problem('email')}
            required
          />
          <PasswordInput
            label="Password"
            description={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={problem('password')}
            required
          />
          <TextInput
            label="Business name"
            description="This becomes your workspace. You can add more later."
            placeholder="e.g. Corner Bakery"
            value={workspaceName}
            onChange={(event) => setWorkspaceName(event.currentTarget.value)}
            error={problem('workspace_name')}
            required
          />
          <TimeZoneSelect
            value={timeZone}
            onChange={setTimeZone}
            description="Posts are scheduled and days are counted in this time zone."
            error={problem('time_zone')}
          />
          <Button type="submit" loading={setUp.isPending} fullWidth mt="xs">
            Create my workspace
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
