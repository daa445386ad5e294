// What every browser test of the studio shares (web/e2e/*.mjs): where the binary, the built
// studio and Debian's Chromium are, the real `omg serve` started on 127.0.0.1 (port 0, or a
// given port to come back on after a restart, the bound port read from --port-file, its output
// kept for the failure report), the browser launched headless with the flags the project allows
// (never a downloaded browser), and the small waiting and checking helpers.
//
//   const h = prepare('show e2e')           // exits 77 without a browser, 1 without omg
//   const server = await startServer({ omg: h.omg, tmp: h.tmp, workers: 1 })
//   const browser = await launchBrowser(h)
//   ... await server.stop()
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
export const webDir = path.resolve(here, '..')
export const repo = path.resolve(webDir, '..')
export const dist = path.join(webDir, 'dist')
export const artifacts = path.join(webDir, 'test-artifacts')
export const chromiumPath = process.env.OMG_CHROMIUM || '/usr/bin/chromium'

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export function check(cond, message) {
  if (!cond) throw new Error(message)
}

// Polls `fn` until it returns something truthy (that value is returned); errors it throws
// meanwhile are kept for the timeout's message.
export async function until(what, fn, timeoutMs = 20000, everyMs = 100) {
  const end = Date.now() + timeoutMs
  let last
  while (Date.now() < end) {
    try {
      last = await fn()
      if (last) return last
    } catch (e) {
      last = e
    }
    await sleep(everyMs)
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`)
}

// The checks before a run: the browser (77 = skipped without one), the binary (argv[2],
// OMG_BINARY, or the build folders), the built studio (built when missing), a temp folder.
export function prepare(name) {
  const omg =
    process.argv[2] ||
    process.env.OMG_BINARY ||
    [path.join(repo, 'build/src/app/omg'), path.join(repo, 'build-web/src/app/omg')].find((p) => fs.existsSync(p))
  if (!fs.existsSync(chromiumPath)) {
    console.log(`${name}: SKIPPED, no browser at ${chromiumPath} (apt-get install chromium)`)
    process.exit(77)
  }
  if (!omg || !fs.existsSync(omg)) {
    console.error(`${name}: no omg binary; pass its path as the first argument`)
    process.exit(1)
  }
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    console.log(`${name}: building the studio (npm run build)`)
    const r = spawnSync('npm', ['run', 'build'], { cwd: webDir, stdio: 'inherit' })
    if (r.status !== 0) process.exit(1)
  }
  fs.mkdirSync(artifacts, { recursive: true })
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `omg-${name.replace(/\W+/g, '-')}-`))
  return { omg, tmp }
}

// `omg serve` on 127.0.0.1 with its data in tmp/data. Returns {proc, port, exited, log, stop()};
// `log` (an array of output chunks) may be shared between restarts.
export async function startServer({ omg, tmp, port = 0, workers = 2, log = [] }) {
  const portFile = path.join(tmp, 'port')
  fs.rmSync(portFile, { force: true })
  const args = ['serve', '--host', '127.0.0.1', '--port', String(port), '--data-dir', path.join(tmp, 'data'), '--web-dir', dist,
    '--port-file', portFile, '--workers', String(workers), '--grace', '1']
  const proc = spawn(omg, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  proc.stdout.on('data', (d) => log.push(String(d)))
  proc.stderr.on('data', (d) => log.push(String(d)))
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })))
  const server = { proc, exited, log, port: 0 }
  server.stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM')
    const r = await Promise.race([exited, sleep(15000).then(() => null)])
    if (!r) {
      proc.kill('SIGKILL')
      await exited
    }
  }
  for (let i = 0; i < 300; i++) {
    if (fs.existsSync(portFile)) {
      const bound = Number(fs.readFileSync(portFile, 'utf8').trim())
      if (bound > 0) {
        server.port = bound
        server.base = `http://127.0.0.1:${bound}`
        return server
      }
    }
    if (proc.exitCode !== null) break
    await sleep(100)
  }
  await server.stop()
  throw new Error(`omg serve did not start:\n${log.join('')}`)
}

// Debian's Chromium, headless, with a fresh profile in tmp; audio plays muted, without a gesture.
export function launchBrowser({ tmp }, extra = {}) {
  return chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--mute-audio', '--autoplay-policy=no-user-gesture-required'],
    ...extra,
  })
}

// Runs named steps in order on one page; stops at the first failure (its screenshot saved as
// `failureShot`). Returns {passed, failed}.
export async function runSteps(page, steps, { failureShot, pageErrors = [] }) {
  let passed = 0
  for (const [name, fn] of steps) {
    const t0 = Date.now()
    try {
      await fn(page)
      if (pageErrors.length) throw new Error(`script error in the page: ${pageErrors.join('; ')}`)
      passed++
      console.log(`  ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
    } catch (e) {
      console.log(`  FAIL ${name}\n       ${String(e.message).split('\n').join('\n       ')}`)
      await page.screenshot({ path: path.join(artifacts, failureShot), fullPage: true }).catch(() => {})
      return { passed, failed: true }
    }
  }
  return { passed, failed: false }
}
