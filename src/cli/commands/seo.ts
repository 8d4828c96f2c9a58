import { type Command, InvalidArgumentError, Option } from 'commander'
import { loadConfig } from '../../config.js'
import { murmurUserAgent } from '../../net/safe-fetch/index.js'
import {
  type Finding,
  runSiteCheck,
  type SiteCheckReport,
  siteCheckDefaults,
} from '../../seo/index.js'
import { out, progress } from '../output.js'

/** "cornerbakery.example" means https://cornerbakery.example/; anything but http(s) is bad usage. */
function parseSiteUrl(value: string): string {
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `https://${value}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new InvalidArgumentError('give a web address, like https://cornerbakery.example')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('only http and https addresses can be checked')
  return url.href
}

function parseMaxPages(value: string): number {
  const pages = Number(value)
  if (!/^\d+$/.test(value) || pages > 500)
    throw new InvalidArgumentError('a whole number from 0 to 500')
  return pages
}

const severityLabel = { error: 'error  ', warning: 'warning', info: 'info   ' } as const

function plural(count: number, word: string) {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** Findings grouped by page, pages in the order they were found, most harmful first in each. */
function printReport(report: SiteCheckReport) {
  const { counts } = report
  out(
    `Site check of ${report.site}: ${plural(report.pages.length, 'page')} checked, ` +
      `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')}.`,
  )
  const byPage = new Map<string, Finding[]>()
  for (const page of report.pages) byPage.set(page.url, [])
  for (const item of report.findings)
    byPage.set(item.pageUrl, [...(byPage.get(item.pageUrl) ?? []), item])
  for (const [url, findings] of byPage) {
    if (findings.length === 0) continue
    out('')
    out(url)
    for (const item of findings) {
      out(`  ${severityLabel[item.severity]}  ${item.ruleId}: ${item.message}`)
      out(`             fix: ${item.fix}`)
    }
  }
  if (report.findings.length === 0) out('Nothing stands in the way of search on the pages checked.')
  if (report.notChecked > 0)
    out(`\n${plural(report.notChecked, 'more page')} found but not checked (raise --max-pages).`)
}

export function seoCommand(program: Command) {
  const seo = program.command('seo').description('Search visibility (docs/site-check.md)')
  seo
    .command('check')
    .description(
      'Check a website for what keeps it off the first page of search results.\n' +
        'Exit code 1 when it finds errors, 0 otherwise, 2 on bad usage.',
    )
    .argument('<url>', 'the site, like https://cornerbakery.example', parseSiteUrl)
    .addOption(
      new Option('--max-pages <n>', 'pages to check besides the home page')
        .argParser(parseMaxPages)
        .default(siteCheckDefaults.maxPages),
    )
    .option('--json', 'print the report as JSON (and nothing else) on stdout')
    // Test only: lets the test suite check a fixture site on 127.0.0.1. Never for real sites.
    .addOption(new Option('--allow-loopback').hideHelp())
    .action(
      async (
        url: string,
        options: { maxPages: number; json?: boolean; allowLoopback?: boolean },
      ) => {
        const bar = progress('Checking')
        let report: SiteCheckReport
        try {
          report = await runSiteCheck(url, {
            maxPages: options.maxPages,
            userAgent: murmurUserAgent(loadConfig().publicUrl),
            allowLoopback: options.allowLoopback === true,
            onProgress: ({ done, total }) => bar.update(done, total),
          })
        } finally {
          bar.end()
        }
        if (options.json) out(JSON.stringify(report, null, 2))
        else printReport(report)
        if (report.counts.error > 0) process.exitCode = 1
      },
    )
}
