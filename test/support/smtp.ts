import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** What a real SMTP server received: the envelope and the parsed message. */
export interface ReceivedMail {
  from: string
  rcptTo: string[]
  parsed: ParsedMail
}

export interface TestSmtpServer {
  port: number
  url: string
  received: ReceivedMail[]
  /** Answer the next DATA with this SMTP code and text instead of accepting it. */
  refuseNext(code: number, message: string): void
  close(): Promise<void>
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a free port, without TLS or
 * authentication, keeping every message it accepts parsed with `mailparser`.
 */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = []
  let refusal: { code: number; message: string } | null = null
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if (refusal) {
          const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code })
          refusal = null
          callback(error)
          return
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              parsed,
            })
            callback()
          })
          .catch((error: Error) => callback(error))
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext(code, message) {
      refusal = { code, message }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
