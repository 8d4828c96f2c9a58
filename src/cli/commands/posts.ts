import { readFile, writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Command } from 'commander'
import type { Murmur } from '../../murmur.js'
import { exportPosts } from '../../services/post-export.js'
import {
  confirmImport,
  type PostImport,
  previewImport,
  runImport,
} from '../../services/post-import.js'
import { findWorkspaceBySlug } from '../../services/workspaces.js'
import { WorkspaceScope } from '../../storage/workspace-scope.js'
import { withMurmur } from '../context.js'
import { CliError, note, out, progress } from '../output.js'

async function scopeOf(murmur: Murmur, slug: string): Promise<WorkspaceScope> {
  const workspace = await findWorkspaceBySlug(murmur, slug)
  if (!workspace) throw new CliError(`No workspace with slug "${slug}".`)
  return new WorkspaceScope(murmur.db, workspace.id)
}

function parseTime(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const at = Date.parse(value)
  if (Number.isNaN(at))
    throw new CliError(
      `${flag} "${value}" is not a date (2026-12-01 or 2026-12-01T00:00:00+01:00).`,
    )
  return at
}

/** The preview, as a person reads it: counts, then each bad row with its reasons. */
function printPreview(preview: PostImport): void {
  out(
    `${preview.total_rows} rows: ${preview.good_rows} good, ${preview.bad_rows} with problems, ${preview.duplicate_rows} already imported.`,
  )
  for (const row of preview.rows) {
    if (row.status === 'bad') note(`row ${row.row}: ${row.problems.join(' ')}`)
    else if (row.warnings.length > 0 && row.status === 'good')
      note(`row ${row.row} (warning): ${row.warnings.join(' ')}`)
  }
}

/** `murmur posts import` and `murmur posts export` (docs/import-export.md). */
export function postsCommands(program: Command) {
  const posts = program
    .command('posts')
    .description(
      'Many posts at once: import from CSV, export to CSV or JSON (docs/import-export.md)',
    )
  posts
    .command('import')
    .description(
      'Import posts from a CSV file (columns: text, channels, time, images, alt_text, labels,\n' +
        'campaign, first_comment) or a JSON export. Every row is checked first against the\n' +
        'rules of every network it targets; with bad rows nothing is imported unless\n' +
        '--skip-bad-rows. Rows already imported are skipped. Exit code 1 when rows were refused.',
    )
    .argument('<file>', 'the CSV or JSON file')
    .requiredOption('--workspace <slug>', 'the workspace slug (see Settings > General)')
    .option('--dry-run', 'check every row and show the problems; create nothing')
    .option('--skip-bad-rows', 'import the good rows, leaving the bad ones out')
    .action(
      async (
        file: string,
        options: { workspace: string; dryRun?: boolean; skipBadRows?: boolean },
      ) => {
        const content = await readFile(file, 'utf8').catch(() => {
          throw new CliError(`Cannot read ${file}.`)
        })
        await withMurmur(async (murmur) => {
          const scope = await scopeOf(murmur, options.workspace)
          const checking = progress('Checking')
          const preview = await previewImport(murmur, scope, {
            content,
            fileName: basename(file),
            createdBy: null,
            onProgress: (done, total) => checking.update(done, total),
          }).finally(() => checking.end())
          printPreview(preview)
          if (options.dryRun) {
            out('Dry run: nothing was imported.')
            if (preview.bad_rows > 0) process.exitCode = 1
            return
          }
          if (preview.bad_rows > 0 && !options.skipBadRows) {
            throw new CliError(
              `Nothing imported: fix the rows above, or add --skip-bad-rows to import the ${preview.good_rows} good rows.`,
            )
          }
          await confirmImport(murmur, scope, preview.id, { skipBadRows: true })
          const bar = progress('Importing')
          const done = await runImport(murmur, scope, preview.id, {
            onProgress: (count, total) => bar.update(count, total),
          }).finally(() => bar.end())
          out(
            `${done.created_posts} posts created, ${preview.duplicate_rows} already imported, ${preview.bad_rows + done.failed_rows.length} refused.`,
          )
          for (const failed of done.failed_rows) note(`row ${failed.row}: ${failed.message}`)
          if (preview.bad_rows + done.failed_rows.length > 0) process.exitCode = 1
        })
      },
    )
  posts
    .command('export')
    .description(
      'Write the posts of a period as CSV or JSON, with each channel’s state and link, to a file\n' +
        'or to standard output. `murmur posts import` reads the file back.',
    )
    .argument('[file]', 'where to write (standard output when left out)')
    .requiredOption('--workspace <slug>', 'the workspace slug (see Settings > General)')
    .option('--format <format>', 'csv or json (default: from the file name, else csv)')
    .option('--from <date>', 'posts at or after this time (2026-12-01, or with a time and offset)')
    .option('--to <date>', 'posts before this time')
    .action(
      async (
        file: string | undefined,
        options: { workspace: string; format?: string; from?: string; to?: string },
      ) => {
        const format = options.format ?? (file?.endsWith('.json') ? 'json' : 'csv')
        if (format !== 'csv' && format !== 'json') {
          throw new CliError(`--format is csv or json, not "${format}".`)
        }
        const from = parseTime(options.from, '--from')
        const to = parseTime(options.to, '--to')
        if (from !== undefined && to !== undefined && to <= from) {
          throw new CliError('--to must be after --from.')
        }
        await withMurmur(async (murmur) => {
          const scope = await scopeOf(murmur, options.workspace)
          const tty = process.stderr.isTTY === true
          let count = 0
          const text = await exportPosts(scope, {
            format,
            from,
            to,
            onProgress: (done) => {
              count = done
              if (tty) process.stderr.write(`\rExported ${done} posts`)
            },
          })
          if (tty) process.stderr.write('\n')
          if (file) {
            await writeFile(file, text)
            note(`${count} posts written to ${file}.`)
          } else process.stdout.write(text)
        })
      },
    )
}
