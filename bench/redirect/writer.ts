// How fast the click writer stores clicks when they arrive faster than it writes: the click recorder
// and worker thread as the server runs them (LinkTraffic, embedded SQLite or --postgres), fed as
// fast as the main thread can make clicks. Baseline in the same run: the same writer taking at most
// one batch (500) per write, as before batches grew when behind. Every click must be stored.
//
// Usage: npx tsx bench/redirect/writer.ts [--clicks 300000] [--links 1000] [--postgres]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { loadConfig } from '../../src/config.js'
import { newClickId } from '../../src/links/click-ids.js'
import { LinkTraffic } from '../../src/links/traffic.js'
import { createLogger } from '../../src/logger.js'
import { createMurmur } from '../../src/murmur.js'
import { createUser } from '../../src/services/accounts.js'
import { createLink } from '../../src/services/links.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'

const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback
}
const CLICKS = Number(argument('clicks', '300000'))
const LINKS = Number(argument('links', '1000'))
const POSTGRES = process.argv.includes('--postgres')
const UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'

const dataDir = mkdtempSync(join(tmpdir(), 'murmur-bench-writer-'))
const schema = POSTGRES ? `bench_writer_${Date.now().toString(36)}` : undefined
const config = loadConfig(
  {
    ...process.env,
    MURMUR_DATA_DIR: dataDir,
    ...(POSTGRES && {
      DATABASE_URL:
        process.env.MURMUR_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    }),
  },
  { serveWebApp: false, logLevel: 'warn' },
)
const murmur = await createMurmur(config, createLogger('error', false), { postgresSchema: schema })
const user = await createUser(murmur, { email: 'bench@murmur.example', password: 'correct horse' })
const workspace = await createWorkspace(murmur, {
  name: 'Bench',
  timeZone: 'UTC',
  ownerId: user.id,
})
const scope = new WorkspaceScope(murmur.db, workspace.id)
const links: string[] = []
for (let i = 0; i < LINKS; i++) {
  const link = await createLink(murmur, scope, {
    destination: `https://shop.example/products/${i}`,
    createdBy: null,
  })
  links.push(link.id)
}

const stored = async () =>
  Number(
    (
      await murmur.db
        .selectFrom('clicks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

/** Feeds CLICKS clicks in slices of 1,000 per event-loop turn; answers clicks stored per second. */
async function run(label: string, maxBatchSize: number | undefined) {
  const traffic = new LinkTraffic(murmur, {
    recorder: { flushIntervalMs: 200, ...(maxBatchSize && { maxBatchSize }) },
  })
  const before = await stored()
  const started = performance.now()
  let mainCpu = process.cpuUsage()
  for (let made = 0; made < CLICKS; ) {
    for (const end = Math.min(CLICKS, made + 1000); made < end; made++) {
      traffic.recorder.record({
        clickId: newClickId(Date.now()),
        linkId: links[made % LINKS] as string,
        workspaceId: workspace.id,
        at: Date.now(),
        ip: `${(made % 200) + 23}.${(made * 7) % 250}.${(made * 13) % 250}.${(made % 250) + 1}`,
        userAgent: UA,
        referer: made % 3 === 0 ? 'https://t.co/abc' : null,
        isBot: false,
        viaQr: made % 10 === 0,
      })
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
  const fed = (performance.now() - started) / 1000
  await traffic.flush()
  const seconds = (performance.now() - started) / 1000
  mainCpu = process.cpuUsage(mainCpu)
  const count = (await stored()) - before
  const { highWater, dropped } = traffic.recorder.stats
  await traffic.close()
  const rate = count / seconds
  console.log(
    `${label.padEnd(26)} stored ${count} of ${CLICKS} in ${seconds.toFixed(1)} s (fed in ${fed.toFixed(1)} s): ${rate.toFixed(0)} clicks/s, most waiting ${highWater}, dropped ${dropped}, process CPU ${((mainCpu.user + mainCpu.system) / count).toFixed(1)} µs/click`,
  )
  return { rate, count }
}

console.log(`click writer: ${murmur.storage.kind}, ${CLICKS} clicks over ${LINKS} links`)
const baseline = await run('fixed batches of 500', 500)
const grown = await run('batches grow when behind', undefined)
if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(murmur.db)
await murmur.storage.close()
rmSync(dataDir, { recursive: true, force: true })
console.log(
  `ratio=${(grown.rate / baseline.rate).toFixed(2)} rate=${grown.rate.toFixed(0)} baseline_rate=${baseline.rate.toFixed(0)} sent=${2 * CLICKS} recorded=${baseline.count + grown.count}`,
)
process.exit(0)
