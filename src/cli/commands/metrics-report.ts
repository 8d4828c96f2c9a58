import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { instantOf } from '../../core/zoned-time.js'
import {
  attentionCsv,
  attentionReportHtml,
  REPORT_TABLES,
  type ReportTable,
} from '../../services/reports-attention.js'
import { buildAttentionReport } from '../../services/reports-build.js'
import { htmlToPdf } from '../../services/reports-pdf.js'
import { findWorkspaceBySlug } from '../../services/workspaces.js'
import { WorkspaceScope } from '../../storage/workspace-scope.js'
import { withMurmur } from '../context.js'
import { CliError, out } from '../output.js'

const FORMATS = ['pdf', 'csv', 'html'] as const

/** A YYYY-MM-DD date as the start of that day in the workspace's time zone. */
function startOfDay(value: string, option: string, timeZone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) throw new CliError(`${option} must be a date such as 2027-03-01; got "${value}".`)
  const [, year, month, day] = match.map(Number) as [number, number, number, number]
  const probe = new Date(Date.UTC(year, month - 1, day))
  if (probe.getUTCMonth() !== month - 1) throw new CliError(`${option}: ${value} is not a date.`)
  return instantOf({ year, month, day, hour: 0, minute: 0 }, timeZone)
}

export function reportCommand(program: Command) {
  program
    .command('report')
    .description(
      'Write the attention report of a period: PDF (needs Chromium), CSV (one table) or printable HTML.\n' +
        'Dates are days in the workspace time zone; --to is included.',
    )
    .requiredOption('--workspace <slug>', 'the workspace slug (see Settings > General)')
    .requiredOption('--from <date>', 'first day, e.g. 2027-03-01')
    .requiredOption('--to <date>', 'last day, e.g. 2027-03-31')
    .requiredOption('--format <format>', `one of ${FORMATS.join(', ')}`)
    .requiredOption('--out <file>', 'where to write it')
    .option('--table <table>', `CSV only: ${REPORT_TABLES.join(', ')}`, 'posts')
    .option('--channel <id>', 'only this channel')
    .option('--campaign <name>', 'only this campaign')
    .option('--label <label>', 'only posts with this label')
    .action(
      async (options: {
        workspace: string
        from: string
        to: string
        format: string
        out: string
        table: string
        channel?: string
        campaign?: string
        label?: string
      }) => {
        if (!(FORMATS as readonly string[]).includes(options.format)) {
          throw new CliError(
            `--format must be one of ${FORMATS.join(', ')}; got "${options.format}".`,
          )
        }
        if (!(REPORT_TABLES as readonly string[]).includes(options.table)) {
          throw new CliError(`--table must be one of ${REPORT_TABLES.join(', ')}.`)
        }
        await withMurmur(async (murmur) => {
          const workspace = await findWorkspaceBySlug(murmur, options.workspace)
          if (!workspace) throw new CliError(`No workspace with slug "${options.workspace}".`)
          const from = startOfDay(options.from, '--from', workspace.time_zone)
          const last = startOfDay(options.to, '--to', workspace.time_zone)
          const to = startOfDay(
            new Date(last + 36 * 3_600_000).toISOString().slice(0, 10),
            '--to',
            workspace.time_zone,
          )
          if (from >= to) throw new CliError('--from must be on or before --to.')
          if (to - from > 2 * 366 * 86_400_000)
            throw new CliError('A report covers at most 2 years.')
          const scope = new WorkspaceScope(murmur.db, workspace.id)
          const built = await buildAttentionReport(murmur, scope, {
            from,
            to,
            channelId: options.channel,
            campaign: options.campaign,
            label: options.label,
            limit: options.format === 'csv' ? 100_000 : 50,
          })
          const page = () => attentionReportHtml(built.report, built.workspace, built.filterText)
          const content =
            options.format === 'csv'
              ? attentionCsv(built.report, options.table as ReportTable)
              : options.format === 'html'
                ? page()
                : await htmlToPdf(page())
          writeFileSync(options.out, content)
          out(
            `Wrote ${options.out}: ${built.report.totals.posts} posts, ${built.report.totals.engagements.toLocaleString('en-US')} engagements (${options.from} to ${options.to}).`,
          )
        })
      },
    )
}
