import type { Command } from 'commander'
import { canonicalCode } from '../../core/links/codes.js'
import { DAY_MS, HOUR_MS, startOfUtcHour } from '../../core/links/visitor.js'
import { rollUpClicks, rollupBound } from '../../links/rollup-job.js'
import { RollupWriter } from '../../links/rollup-writer.js'
import { trafficStats } from '../../services/link-stats.js'
import { createLink } from '../../services/links.js'
import { findWorkspaceBySlug } from '../../services/workspaces.js'
import { WorkspaceScope } from '../../storage/workspace-scope.js'
import { withMurmur } from '../context.js'
import { CliError, out } from '../output.js'

/** How far behind a running server's clicks may be when summed from here (see LinkTraffic). */
const ROLLUP_LAG_MS = 5_000

export function linkCommands(program: Command) {
  const link = program.command('link').description('Tracked links (docs/links.md)')

  link
    .command('create')
    .description('Create a tracked link; prints the short URL')
    .requiredOption('--workspace <slug>', 'the workspace slug (see Settings > General)')
    .requiredOption('--url <url>', 'where the link sends people (http or https)')
    .option('--code <back-half>', 'a custom back-half, such as spring-menu')
    .option('--campaign <name>', 'a campaign name for reports')
    .action(
      async (options: { workspace: string; url: string; code?: string; campaign?: string }) => {
        await withMurmur(async (murmur) => {
          const workspace = await findWorkspaceBySlug(murmur, options.workspace)
          if (!workspace) throw new CliError(`No workspace with slug "${options.workspace}".`)
          const created = await createLink(murmur, new WorkspaceScope(murmur.db, workspace.id), {
            destination: options.url,
            code: options.code,
            campaign: options.campaign,
            createdBy: null,
          })
          out(created.short_url)
        })
      },
    )

  link
    .command('stats')
    .description('Clicks of a link as JSON: clicks, unique_clicks, bot_hits and per-day counts')
    .requiredOption('--workspace <slug>', 'the workspace slug')
    .argument('<code>', 'the back-half of the link')
    .option('--days <n>', 'days back from today', '30')
    .action(async (code: string, options: { workspace: string; days: string }) => {
      const days = Number(options.days)
      if (!Number.isInteger(days) || days < 1 || days > 730)
        throw new CliError('--days must be a whole number from 1 to 730')
      await withMurmur(async (murmur) => {
        const workspace = await findWorkspaceBySlug(murmur, options.workspace)
        if (!workspace) throw new CliError(`No workspace with slug "${options.workspace}".`)
        const scope = new WorkspaceScope(murmur.db, workspace.id)
        const row = await scope
          .selectFrom('links')
          .select(['id', 'code'])
          .where('code', '=', canonicalCode(code))
          .executeTakeFirst()
        if (!row) throw new CliError(`No link "${code}" in ${options.workspace}.`)
        // Bring the summaries up to date with what a running server has stored (safe alongside it).
        const now = murmur.now()
        await rollUpClicks(murmur.db, new RollupWriter(), rollupBound(now - ROLLUP_LAG_MS), now)
        const to = startOfUtcHour(now) + HOUR_MS
        const stats = await trafficStats(scope, {
          from: to - days * DAY_MS,
          to,
          interval: 'day',
          timeZone: workspace.time_zone,
          linkIds: [row.id],
        })
        out(
          JSON.stringify(
            {
              code: row.code,
              ...stats.totals,
              time_zone: workspace.time_zone,
              days: stats.series.map((day) => ({
                date: day.date,
                clicks: day.clicks,
                unique_clicks: day.unique_clicks,
                bot_hits: day.bot_hits,
              })),
              top: stats.top,
            },
            null,
            2,
          ),
        )
      })
    })
}
