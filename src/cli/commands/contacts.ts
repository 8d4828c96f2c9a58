import { readFile, writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import type { Murmur } from '../../murmur.js'
import { exportContactsCsv, importContactsCsv } from '../../services/contact-csv.js'
import { findWorkspaceBySlug } from '../../services/workspaces.js'
import { WorkspaceScope } from '../../storage/workspace-scope.js'
import { withMurmur } from '../context.js'
import { CliError, note, out, progress } from '../output.js'

async function scopeOf(murmur: Murmur, slug: string): Promise<WorkspaceScope> {
  const workspace = await findWorkspaceBySlug(murmur, slug)
  if (!workspace) throw new CliError(`No workspace with slug "${slug}".`)
  return new WorkspaceScope(murmur.db, workspace.id)
}

export function contactsCommand(program: Command) {
  const contacts = program.command('contacts').description('Contacts (docs/contacts.md)')
  contacts
    .command('import')
    .description(
      'Import contacts from a CSV file (columns: display_name, first_name, email, customer_id,\n' +
        'stage, tags, and one per network with handles). Matching contacts are updated.\n' +
        'Exit code 1 when some rows could not be imported.',
    )
    .argument('<file>', 'the CSV file')
    .requiredOption('--workspace <slug>', 'the workspace slug (see Settings > General)')
    .action(async (file: string, options: { workspace: string }) => {
      const csv = await readFile(file, 'utf8').catch(() => {
        throw new CliError(`Cannot read ${file}.`)
      })
      await withMurmur(async (murmur) => {
        const scope = await scopeOf(murmur, options.workspace)
        const bar = progress('Importing')
        const report = await importContactsCsv(murmur, scope, csv, {
          actorId: null,
          onProgress: (done, total) => bar.update(done, total),
        }).finally(() => bar.end())
        out(
          `${report.rows} rows: ${report.created} added, ${report.updated} updated, ${report.skipped} unchanged, ${report.errors.length} refused.`,
        )
        for (const error of report.errors) note(`line ${error.line}: ${error.message}`)
        if (report.errors.length > 0) process.exitCode = 1
      })
    })
  contacts
    .command('export')
    .description('Write every contact as CSV, to a file or to standard output')
    .argument('[file]', 'where to write (standard output when left out)')
    .requiredOption('--workspace <slug>', 'the workspace slug (see Settings > General)')
    .action(async (file: string | undefined, options: { workspace: string }) => {
      await withMurmur(async (murmur) => {
        const scope = await scopeOf(murmur, options.workspace)
        const csv = await exportContactsCsv(murmur, scope, (done) => {
          if (file && process.stderr.isTTY) process.stderr.write(`\rExported ${done} contacts`)
        })
        if (file && process.stderr.isTTY) process.stderr.write('\n')
        if (file) await writeFile(file, csv)
        else process.stdout.write(csv)
      })
    })
}
