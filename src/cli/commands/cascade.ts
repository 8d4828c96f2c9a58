import { createReadStream, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Command, InvalidArgumentError } from 'commander'
import {
  cascadeReport,
  DEFAULT_MAX_LINKS_PER_VISITOR,
  type EdgeTable,
  EdgeTableReader,
  estimateShareModel,
  filterAbuse,
  forecastReach,
  forecastReport,
} from '../../core/cascades/index.js'
import { isMurmurError } from '../../core/errors.js'
import { CliError, out, progress } from '../output.js'

/** Files larger than this show a progress bar on a terminal. */
const PROGRESS_BYTES = 8 * 1024 * 1024

const COLUMNS_HELP = `
The file is CSV: one row per person or share link, "parent,child". The root
(the original post) has a row with an empty parent, e.g. ",post". A header row
is optional; with one, these columns are also read (any order):
  time         when the node joined: ISO-8601, or epoch seconds/milliseconds
  visitor      who made the share link (for self-referral and link-farming checks)
  bot          yes/no: the node came from a bot or crawler
  conversions  conversions attributed to the node
  revenue      revenue attributed to the node (use one unit, e.g. cents)
Rows are numbered as lines of the file (the header is row 1), as in a spreadsheet.
Exit codes: 0 success, 1 the file is not one tree or cannot be read, 2 bad usage.`

function wholeNumber(min: number) {
  return (value: string) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`expected a whole number of ${min} or more.`)
    return n
  }
}

/** Reads an edge file (or stdin for "-") in chunks, with a progress bar for big files. */
async function readEdges(file: string): Promise<EdgeTable> {
  const reader = new EdgeTableReader()
  const fromStdin = file === '-'
  const path = fromStdin ? '' : resolve(file)
  let total = 0
  if (!fromStdin) {
    try {
      const stat = statSync(path)
      if (stat.isDirectory()) throw new CliError(`${file} is a folder, not a CSV file.`)
      total = stat.size
    } catch (error) {
      if (error instanceof CliError) throw error
      throw new CliError(`${file} does not exist or cannot be read.`)
    }
  }
  const stream = fromStdin
    ? process.stdin.setEncoding('utf8')
    : createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })
  const bar = total > PROGRESS_BYTES ? progress(`Reading ${file}`) : null
  try {
    for await (const chunk of stream) {
      reader.push(chunk as string)
      if (bar && 'bytesRead' in stream) bar.update(stream.bytesRead, total)
    }
    bar?.end()
    return reader.end()
  } catch (error) {
    bar?.end()
    if (isMurmurError(error)) throw new CliError(`${file}: ${error.message}`)
    throw error
  }
}

const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v)
const isFlat = (v: unknown): boolean =>
  !isObject(v) && (!Array.isArray(v) || v.every((x) => !isObject(x) && isFlat(x)))
const oneLine = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(oneLine).join(', ')}]` : JSON.stringify(v)

/** JSON with two-space indents, but lists of plain values (and lists of such lists) on one line. */
export function formatJson(value: unknown, indent = ''): string {
  if (isFlat(value)) return oneLine(value)
  const inner = `${indent}  `
  if (Array.isArray(value))
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  )
  if (entries.length === 0) return '{}'
  const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`)
  return `{\n${lines.join(',\n')}\n${indent}}`
}

interface FilterOptions {
  filters: boolean
  maxLinksPerVisitor: number
}

/** Leaves out bots, self-referrals and link farming when the file has the columns for them. */
function filtered(table: EdgeTable, options: FilterOptions) {
  if (!options.filters || (!table.visitors && !table.bots))
    return { tree: table.tree, excluded: null }
  return filterAbuse(table.tree, {
    visitors: table.visitors ?? undefined,
    bots: table.bots ?? undefined,
    maxLinksPerVisitor: options.maxLinksPerVisitor,
  })
}

export function cascadeCommands(program: Command) {
  const cascade = program
    .command('cascade')
    .description('Share cascades: metrics and reach forecasts from parent,child edge files')

  cascade
    .command('metrics')
    .description('Print the metrics of one share tree as JSON (size, depth, virality, ...)')
    .requiredOption('--edges <file>', 'CSV of parent,child rows; - reads standard input')
    .option(
      '--max-links-per-visitor <n>',
      'a visitor with more share links than this is link farming',
      wholeNumber(1),
      DEFAULT_MAX_LINKS_PER_VISITOR,
    )
    .option('--no-filters', 'count every row: no bot, self-referral or link-farming exclusions')
    .option('--top <n>', 'sharers listed under conversions.top_branches', wholeNumber(0), 10)
    .addHelpText('after', COLUMNS_HELP)
    .action(async (options: FilterOptions & { edges: string; top: number }) => {
      const table = await readEdges(options.edges)
      const { tree, excluded } = filtered(table, options)
      const report = cascadeReport({
        tree,
        times: table.times,
        conversions: table.conversions ?? undefined,
        revenue: table.revenue ?? undefined,
        excluded,
        topBranches: options.top,
      })
      out(formatJson(report))
    })

  cascade
    .command('forecast')
    .description(
      'Forecast the reach of a new post from past cascades (independent cascade, Monte Carlo); prints JSON',
    )
    .requiredOption('--history <files...>', 'past cascades: one edge CSV per post')
    .option('--runs <n>', 'simulated runs', wholeNumber(1), 2000)
    .option('--seed <n>', 'random seed: the same seed gives the same range', wholeNumber(0), 1)
    .option(
      '--first-generation <n>',
      'people the new post reaches directly, if known (default: drawn from the past)',
      wholeNumber(0),
    )
    .option(
      '--min-people <n>',
      'people needed to estimate a generation on its own',
      wholeNumber(1),
      30,
    )
    .option(
      '--max-links-per-visitor <n>',
      'a visitor with more share links than this is link farming',
      wholeNumber(1),
      DEFAULT_MAX_LINKS_PER_VISITOR,
    )
    .option('--no-filters', 'count every row: no bot, self-referral or link-farming exclusions')
    .addHelpText('after', COLUMNS_HELP)
    .action(
      async (
        options: FilterOptions & {
          history: string[]
          runs: number
          seed: number
          firstGeneration?: number
          minPeople: number
        },
      ) => {
        const trees = []
        for (const file of options.history)
          trees.push(filtered(await readEdges(file), options).tree)
        const model = estimateShareModel(trees, { minPeoplePerEstimate: options.minPeople })
        const forecast = forecastReach(model, {
          runs: options.runs,
          seed: options.seed,
          ...(options.firstGeneration === undefined
            ? {}
            : { firstGenerationPeople: options.firstGeneration }),
        })
        out(formatJson(forecastReport(model, forecast)))
      },
    )
}
