// Builds the server (TypeScript -> dist/server) and the web app (Vite -> dist/web)
// when they are missing or older than their sources, so `npm start` and
// `./bin/murmur` work straight after `npm ci`.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function newestMtime(paths) {
  let newest = 0
  const visit = (path) => {
    if (!existsSync(path)) return
    const stat = statSync(path)
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry))
    } else if (stat.mtimeMs > newest) newest = stat.mtimeMs
  }
  for (const path of paths) visit(join(root, path))
  return newest
}

function stampTime(stamp) {
  const path = join(root, stamp)
  return existsSync(path) ? statSync(path).mtimeMs : -1
}

function run(label, command, args) {
  process.stderr.write(`murmur: building ${label}…\n`)
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.status !== 0) {
    process.stderr.write(`murmur: building ${label} failed; see the errors above\n`)
    process.exit(1)
  }
}

function touch(stamp) {
  const path = join(root, stamp)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${new Date().toISOString()}\n`)
}

const bin = (name) => join(root, 'node_modules', '.bin', name)

export function ensureServerBuilt() {
  const stamp = 'dist/server/.built'
  if (
    newestMtime(['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) <=
    stampTime(stamp)
  )
    return
  run('the server', bin('tsc'), ['-p', 'tsconfig.build.json'])
  touch(stamp)
}

export function ensureWebBuilt() {
  const stamp = 'dist/web/.built'
  if (newestMtime(['web', 'package-lock.json']) <= stampTime(stamp)) return
  if (!existsSync(join(root, 'web', 'vite.config.ts'))) return
  run('the web app', bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'])
  touch(stamp)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureServerBuilt()
  ensureWebBuilt()
}
