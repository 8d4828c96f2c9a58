import type { Murmur } from '../murmur.js'
import { isSafeFetchError, murmurUserAgent } from '../net/safe-fetch/index.js'
import {
  runSiteCheck,
  type SiteCheckOptions,
  type SiteCheckReport,
  siteScore,
} from '../seo/index.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'

/** What a finished run keeps: the report without what the row already says. */
export type StoredSiteCheckReport = Pick<SiteCheckReport, 'pages' | 'findings' | 'startedAt'>

/** Options tests may set for one Murmur instance (a fixture site on 127.0.0.1, short limits). */
export type SiteCheckRunnerOptions = Pick<
  SiteCheckOptions,
  'allowLoopback' | 'tlsCa' | 'timeLimitMs' | 'pageTimeoutMs'
> & { progressEveryMs?: number }

interface RunningCheck {
  controller: AbortController
  done: Promise<void>
}

const runnerOptions = new WeakMap<Murmur, SiteCheckRunnerOptions>()
const running = new WeakMap<Murmur, Map<string, RunningCheck>>()

/** Tests only: lets checks of this Murmur fetch a fixture site on 127.0.0.1. */
export function installSiteCheckOptions(murmur: Murmur, options: SiteCheckRunnerOptions): void {
  runnerOptions.set(murmur, options)
}

/** Progress is written at most this often, so a 50-page check makes a handful of updates. */
const PROGRESS_EVERY_MS = 500

/**
 * Runs one stored check in this process, in the background: progress, then the report (or why it
 * failed) go to its row, which any process can read. Never rejects.
 */
export function startSiteCheckRun(
  murmur: Murmur,
  workspaceId: string,
  check: { id: string; siteUrl: string; maxPages: number },
): void {
  const scope = new WorkspaceScope(murmur.db, workspaceId)
  const controller = new AbortController()
  let lastWrite = 0
  let pendingWrite: Promise<unknown> = Promise.resolve()
  const row = () => scope.updateTable('site_checks').where('id', '=', check.id)

  const { progressEveryMs = PROGRESS_EVERY_MS, ...testOptions } = runnerOptions.get(murmur) ?? {}

  const work = async () => {
    let report: SiteCheckReport
    try {
      report = await runSiteCheck(check.siteUrl, {
        ...testOptions,
        maxPages: check.maxPages,
        userAgent: murmurUserAgent(murmur.config.publicUrl),
        signal: controller.signal,
        onProgress: ({ done, total }) => {
          const now = murmur.now()
          if (now - lastWrite < progressEveryMs) return
          lastWrite = now
          pendingWrite = pendingWrite
            .then(() =>
              row()
                .where('status', '=', 'running')
                .set({ pages_done: done, pages_total: total, updated_at: now })
                .execute(),
            )
            .catch(() => undefined)
        },
      })
    } catch (error) {
      await pendingWrite
      const failure = isSafeFetchError(error)
        ? error.message
        : 'The check stopped on an unexpected problem; run it again.'
      if (!isSafeFetchError(error))
        murmur.log.error({ err: error, siteCheckId: check.id }, 'site check failed')
      const now = murmur.now()
      await row().set({ status: 'failed', failure, updated_at: now, finished_at: now }).execute()
      return
    }
    await pendingWrite
    const stored: StoredSiteCheckReport = {
      startedAt: report.startedAt,
      pages: report.pages,
      findings: report.findings,
    }
    const now = murmur.now()
    await row()
      .set({
        status: 'done',
        home_url: report.homeUrl,
        pages_done: report.pages.length,
        pages_total: report.pages.length + report.notChecked,
        score: siteScore(report.findings, report.pages.length),
        error_count: report.counts.error,
        warning_count: report.counts.warning,
        info_count: report.counts.info,
        pages_checked: report.pages.length,
        not_checked: report.notChecked,
        report: JSON.stringify(stored),
        updated_at: now,
        finished_at: now,
      })
      .execute()
  }

  const checks = running.get(murmur) ?? new Map<string, RunningCheck>()
  running.set(murmur, checks)
  const done = work()
    .catch((error: unknown) =>
      murmur.log.error({ err: error, siteCheckId: check.id }, 'site check not stored'),
    )
    .finally(() => checks.delete(check.id))
  checks.set(check.id, { controller, done })
}

/** Stops this process's running checks and waits for them to settle (shutdown, test cleanup). */
export async function stopSiteChecks(murmur: Murmur): Promise<void> {
  const checks = [...(running.get(murmur)?.values() ?? [])]
  for (const check of checks) check.controller.abort()
  await Promise.all(checks.map((check) => check.done))
}
