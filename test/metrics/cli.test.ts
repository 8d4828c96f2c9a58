import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test } from 'vitest'

const run = promisify(execFile)
const dataDir = mkdtempSync(join(tmpdir(), 'murmur-metrics-cli-'))
const env: NodeJS.ProcessEnv = {
  ...process.env,
  MURMUR_DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  NO_COLOR: '1',
}
delete env.DATABASE_URL

async function murmur(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { env },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('murmur metrics sync and murmur report', () => {
  test('sync by hand, then a CSV report; bad dates and formats are refused plainly', async () => {
    const created = await murmur(
      'user',
      'create',
      '--email',
      'ada@cornerbakery.example',
      '--password',
      'correct horse battery',
      '--workspace',
      'Corner Bakery',
    )
    expect(created.code).toBe(0)
    const sync = await murmur('metrics', 'sync', '--workspace', 'corner-bakery')
    expect(sync).toMatchObject({ code: 0 })
    expect(sync.stdout).toContain('No published post to read yet.')

    const csvFile = join(dataDir, 'report.csv')
    const base = [
      'report',
      '--workspace',
      'corner-bakery',
      '--from',
      '2027-03-01',
      '--to',
      '2027-03-07',
    ]
    const csv = await murmur(...base, '--format', 'csv', '--table', 'days', '--out', csvFile)
    expect(csv.code).toBe(0)
    expect(csv.stdout).toMatch(/Wrote .*report\.csv: 0 posts/)
    const lines = readFileSync(csvFile, 'utf8').trim().split('\r\n')
    expect(lines[0]).toMatch(/^Day,Posts,Engagements/)
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual([
      '2027-03-01',
      '2027-03-02',
      '2027-03-03',
      '2027-03-04',
      '2027-03-05',
      '2027-03-06',
      '2027-03-07',
    ])
    const badFormat = await murmur(...base, '--format', 'docx', '--out', csvFile)
    expect(badFormat.code).toBe(1)
    expect(badFormat.stderr).toMatch(/--format must be one of pdf, csv, html/)
    const badDate = await murmur(
      'report',
      '--workspace',
      'corner-bakery',
      '--from',
      '2027-02-30',
      '--to',
      '2027-03-07',
      '--format',
      'csv',
      '--out',
      csvFile,
    )
    expect(badDate.stderr).toMatch(/--from: 2027-02-30 is not a date/)
  }, 300_000)
})
