import { Card, Center, Container, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { Logo } from '../../components/logo.js'
import { useDocumentTitle } from '../../components/page-header.js'

interface AuthLayoutProps {
  title: string
  subtitle?: ReactNode
  children: ReactNode
  footer?: ReactNode
  width?: number
}

/** The centred card used by set-up, sign-in and invitation pages. */
export function AuthLayout({ title, subtitle, children, footer, width = 440 }: AuthLayoutProps) {
  useDocumentTitle(title)
  return (
    <Center mih="100dvh" p={{ base: 'sm', xs: 'md' }} component="main">
      <Container size={width} w="100%" px={0}>
        <Stack gap="lg">
          <Center>
            <Logo />
          </Center>
          <Card withBorder radius="md" padding="xl" shadow="xs">
            <Stack gap="lg">
              <Stack gap={4}>
                <Title order={1} size="h3">
                  {title}
                </Title>
                {subtitle && (
                  <Text size="sm" c="dimmed" component="div">
                    {subtitle}
                  </Text>
                )}
              </Stack>
              {children}
            </Stack>
          </Card>
          {footer && (
            <Text size="sm" c="dimmed" ta="center">
              {footer}
            </Text>
          )}
        </Stack>
      </Container>
    </Center>
  )
}
