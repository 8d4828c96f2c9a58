import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { structuralVirality } from '../../src/core/cascades/metrics.js'
import { treeFromParents } from '../../src/core/cascades/tree.js'

const dir = mkdtempSync(join(tmpdir(), 'murmur-cascade-'))
const env: NodeJS.ProcessEnv = {
  ...process.env,
  MURMUR_DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  NO_COLOR: '1',
}
delete env.DATABASE_URL

/** Runs the CLI from source, like ./bin/murmur does from the build; `input` goes to stdin. */
function murmur(args: string[], input?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
    child.stdin?.end(input ?? '')
  })
}

function file(name: string, text: string) {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Each case starts the CLI a few times; on a busy machine that takes a while.
describe('murmur cascade metrics', { timeout: 120_000 }, () => {
  test('a broom with a BOM, CRLF, quotes, a header in another order and blank lines', async () => {
    // post → ana → "bo, jr" → three friends: generations 1, 1, 1, 3; ν = 28/15.
    const edges = file(
      'broom.csv',
      '\uFEFFchild,parent\r\npost,\r\n\r\nana,post\r\n"bo, jr",ana\r\nc1,"bo, jr"\r\nc2,"bo, jr"\r\n  c3 , "bo, jr"\r\n',
    )
    const result = await murmur(['cascade', 'metrics', '--edges', edges])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report).toMatchObject({
      size: 6,
      depth: 3,
      max_breadth: 3,
      generations: [1, 1, 1, 3],
      largest_broadcast: 3,
      largest_broadcast_by: 'bo, jr',
      viral_coefficients: [1, 1, 3],
      sharers: 3,
      leaves: 3,
    })
    expect(report.structural_virality).toBeCloseTo(28 / 15, 12)
    expect(report).not.toHaveProperty('excluded')
    expect(report).not.toHaveProperty('time_to_reach_seconds')
  })

  test('no header, from standard input; a lone root', async () => {
    const star = await murmur(['cascade', 'metrics', '--edges', '-'], ',p\np,a\np,b\np,c\np,d\n')
    expect(star.code).toBe(0)
    expect(JSON.parse(star.stdout)).toMatchObject({ size: 5, structural_virality: 1.6 })
    const lone = await murmur(['cascade', 'metrics', '--edges', '-'], ',post\n')
    expect(JSON.parse(lone.stdout)).toMatchObject({
      size: 1,
      depth: 0,
      generations: [1],
      structural_virality: 0,
      mean_offspring: null,
    })
  })

  test('rejects what is not one tree, naming the rows (exit 1)', async () => {
    const twoRoots = await murmur([
      'cascade',
      'metrics',
      '--edges',
      file('roots.csv', 'parent,child\n,a\na,b\n,c\n'),
    ])
    expect(twoRoots.code).toBe(1)
    expect(twoRoots.stdout).toBe('')
    expect(twoRoots.stderr).toContain('roots.csv: Not a share tree: 2 roots (rows 2 and 4')

    const cycle = await murmur([
      'cascade',
      'metrics',
      '--edges',
      file('cycle.csv', ',r\nr,a\nc,b\nb,c\n'),
    ])
    expect(cycle.code).toBe(1)
    expect(cycle.stderr).toContain('rows 3 and 4 form a cycle')

    const twoParents = await murmur([
      'cascade',
      'metrics',
      '--edges',
      file('parents.csv', ',r\nr,a\nr,b\na,c\nb,c\n'),
    ])
    expect(twoParents.code).toBe(1)
    expect(twoParents.stderr).toContain('"c" has 2 parents ("a", "b") in rows 4 and 5')
  })

  test('bad usage exits 2; a missing file or bad values exit 1', async () => {
    const help = await murmur(['cascade', 'metrics', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--edges <file>')
    expect(help.stdout).toContain('the header is row 1')
    const missingOption = await murmur(['cascade', 'metrics'])
    expect(missingOption.code).toBe(2)
    expect(missingOption.stderr).toContain("required option '--edges <file>'")
    const badTop = await murmur(['cascade', 'metrics', '--edges', 'x.csv', '--top', 'ten'])
    expect(badTop.code).toBe(2)
    const missingFile = await murmur(['cascade', 'metrics', '--edges', join(dir, 'nope.csv')])
    expect(missingFile.code).toBe(1)
    expect(missingFile.stderr).toContain('nope.csv does not exist')
    const badTime = await murmur([
      'cascade',
      'metrics',
      '--edges',
      file('time.csv', 'parent,child,time\n,r,soon\n'),
    ])
    expect(badTime.code).toBe(1)
    expect(badTime.stderr).toContain('row 2: time "soon" is not a date')
  })

  test('leaves out bots and self-referrals with reasons; credits branches; times', async () => {
    const edges = file(
      'full.csv',
      [
        'parent,child,visitor,bot,time,conversions,revenue',
        ',post,,,2026-03-01T10:00:00Z,,',
        'post,ana,v1,no,2026-03-01T10:05:00Z,0,0',
        'post,ben,v2,no,2026-03-01T10:06:00Z,1,200',
        'ana,cy,v3,no,2026-03-01T11:00:00Z,,',
        'cy,ana-again,v1,no,2026-03-01T11:10:00Z,,',
        'ana-again,eve,v5,no,2026-03-01T12:00:00Z,1,5000',
        'post,crawler,v9,yes,2026-03-01T10:01:00Z,,',
      ].join('\n'),
    )
    const report = JSON.parse((await murmur(['cascade', 'metrics', '--edges', edges])).stdout)
    expect(report.size).toBe(5)
    expect(report.generations).toEqual([1, 2, 1, 1])
    expect(report.excluded).toEqual({
      count: 2,
      by_reason: { bot: 1, self_referral: 1, link_farming: 0 },
      nodes: [
        {
          row: 6,
          id: 'ana-again',
          reason: 'self_referral',
          detail: 'visitor v1 also made "ana" (row 3) above it: a self-referral loop',
        },
        { row: 8, id: 'crawler', reason: 'bot', detail: 'came from a bot or crawler' },
      ],
    })
    expect(report.conversions.total).toBe(2)
    expect(report.conversions.revenue).toBe(5200)
    expect(report.conversions.top_branches[0]).toEqual({
      id: 'ana',
      row: 3,
      generation: 1,
      people_reached: 2,
      conversions: 1,
      revenue: 5000,
      own_conversions: 0,
      own_revenue: 0,
    })
    expect(report.time_to_reach_seconds).toEqual({ '10': null, '100': null, '1000': null })

    const everything = JSON.parse(
      (await murmur(['cascade', 'metrics', '--edges', edges, '--no-filters'])).stdout,
    )
    expect(everything.size).toBe(7)
    expect(everything).not.toHaveProperty('excluded')
  })

  test('streams a large file in chunks and agrees with the library', async () => {
    const n = 120_000
    let seed = 7
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    const parents = new Int32Array(n)
    parents[0] = -1
    const lines = ['parent,child,time', ',n0,0']
    for (let i = 1; i < n; i++) {
      parents[i] = Math.floor(random() * i)
      lines.push(`n${parents[i]},n${i},${i * 60}`)
    }
    const edges = file('large.csv', `${lines.join('\r\n')}\r\n`)
    const result = await murmur(['cascade', 'metrics', '--edges', edges])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.size).toBe(n)
    expect(report.structural_virality).toBeCloseTo(structuralVirality(treeFromParents(parents)), 9)
    expect(report.time_to_reach_seconds).toEqual({ '10': 600, '100': 6000, '1000': 60000 })
  })
})

describe('murmur cascade forecast', { timeout: 120_000 }, () => {
  test('a range from past cascades, with its assumptions; the same seed repeats', async () => {
    const history = [
      file('h1.csv', ',p\np,a\np,b\np,c\na,d\n'),
      file('h2.csv', ',p\np,a\na,b\nb,c\n'),
      file('h3.csv', ',p\np,a\np,b\n'),
    ]
    const args = ['cascade', 'forecast', '--history', ...history, '--runs', '500', '--seed', '9']
    const first = await murmur(args)
    expect(first.code).toBe(0)
    const forecast = JSON.parse(first.stdout)
    const { p10, p50, p90, min, max } = forecast.people_reached
    expect(min).toBeLessThanOrEqual(p10)
    expect(p10).toBeLessThanOrEqual(p50)
    expect(p50).toBeLessThanOrEqual(p90)
    expect(p90).toBeLessThanOrEqual(max)
    expect(min).toBeGreaterThanOrEqual(1) // every past post reached someone
    expect(forecast.model.cascades).toBe(3)
    expect(forecast.assumptions.join(' ')).toContain('Independent cascade')
    expect((await murmur(args)).stdout).toBe(first.stdout)
    expect((await murmur(['cascade', 'forecast'])).code).toBe(2)
  })
})
