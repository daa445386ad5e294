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
//
// or, for a suite of steps on one page, all of that and the report in one call:
//
//   await runSuite('show', steps, { ...h, workers: 1, log, onServer: (s) => (server = s) })
//
// The show player's tests read it through the page's hooks (`?hooks`: window.omgShowHooks):
// the AudioContext's frame, the schedule, and the schedule rendered offline.
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

// The whole run of a suite of steps: `omg serve` (its output kept in
// test-artifacts/`name`-server.log) and the browser started, `setUp(page, server)`, the steps
// (a failure's screenshot `name`-failure.png), everything stopped and the count printed; exits
// 0 when every step passed, else 1. `onServer` gets the server as soon as it is up.
export async function runSuite(name, steps, { omg, tmp, workers = 2, log = [], onServer = () => {}, setUp = async () => {} }) {
  const started = Date.now()
  let server = null
  let browser = null
  let failed = false
  let passed = 0
  const pageErrors = []
  try {
    server = await startServer({ omg, tmp, workers, log })
    onServer(server)
    browser = await launchBrowser({ tmp })
    const page = browser.pages()[0] || (await browser.newPage())
    page.setDefaultTimeout(15000)
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await setUp(page, server)
    ;({ passed, failed } = await runSteps(page, steps, { failureShot: `${name}-failure.png`, pageErrors }))
  } catch (e) {
    failed = true
    console.log(`  FAIL set-up: ${e.message}`)
  } finally {
    if (browser) await browser.close().catch(() => {})
    if (server) await server.stop().catch(() => {})
    fs.writeFileSync(path.join(artifacts, `${name}-server.log`), log.join(''))
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  console.log(`${name} e2e: ${passed}/${steps.length} steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  process.exit(failed ? 1 : 0)
}

// ---- the show player through its hooks (window.omgShowHooks) ---------------------------------
export const hooks = (page, fn, arg) => page.evaluate(fn, arg)
// The player's AudioContext now, in frames.
export const ctxFrame = (page) => hooks(page, () => { const c = window.omgShowHooks.player.context(); return Math.round(c.currentTime * c.sampleRate) })
// What the player scheduled: [{cue, part, frame, stopFrame, via, fade, ...}] in order.
export const schedule = (page) => hooks(page, () => JSON.parse(JSON.stringify(window.omgShowHooks.player.state.schedule)))

// The schedule `s`'s cues [from..to] rendered offline by the player's own scheduling functions,
// against each cue's audio placed by the recorded frames with the equal-power gains computed
// here (a cue's fade in; its fade out under the next cue's crossfade): {mismatches (samples off
// by more than `tolerance`), maxDiff, first (the first such frame), frames, channels}.
export function renderScheduleOffline(page, s, from, to, tolerance) {
  return hooks(page, async ({ s, from, to, tolerance }) => {
    const { player, scheduleCue, scheduleEnding, scheduleFade } = window.omgShowHooks
    const cues = []
    for (let n = from; n <= to; n++) {
      const es = s.filter((e) => e.cue === n)
      const b = player.buffersOf(n)
      const plan = player.planOf(player.state.cues.find((c) => c.number === n))
      cues.push({ n, es, b, plan, go: es[0].frame, ending: es.find((e) => e.part === 'ending') })
    }
    const origin = cues[0].go
    const endOf = (c) => (c.plan.kind === 'track' ? c.go + c.plan.frames : c.ending.frame + c.plan.endingFrames)
    const last = Math.max(...cues.map(endOf))
    const length = last - origin
    const chans = cues[0].b[cues[0].plan.kind === 'track' ? 'track' : 'loop'].numberOfChannels
    const off = new OfflineAudioContext(chans, length, player.context().sampleRate)
    cues.forEach((c, i) => {
      const sc = scheduleCue(off, off.destination, c.b, c.plan, c.go - origin)
      if (c.ending) scheduleEnding(off, sc, c.b, c.plan, c.ending.frame - origin)
      if (c.es[0].fade) scheduleFade(off, sc, c.go - origin, c.es[0].fade, 'in')
      const next = cues[i + 1]
      if (next && next.es[0].via === 'crossfade') scheduleFade(off, sc, next.go - origin, next.es[0].fade, 'out')
    })
    const out = await off.startRendering()
    const sample = (c, ch, f) => {
      const data = (buf) => buf.getChannelData(Math.min(ch, buf.numberOfChannels - 1))
      const t = f - c.go
      if (c.plan.kind === 'track') return t >= 0 && t < c.plan.frames ? data(c.b.track)[t] : 0
      const I = c.plan.introFrames
      if (t < 0) return 0
      if (t < I) return data(c.b.intro)[t]
      if (f < c.ending.frame) return data(c.b.loop)[(t - I) % c.plan.loopFrames]
      const e = f - c.ending.frame
      return e < c.plan.endingFrames ? data(c.b.ending)[e] : 0
    }
    const gain = (c, i, f) => {
      let g = 1
      const fi = c.es[0].fade || 0
      if (fi > 0 && f >= c.go && f < c.go + fi) g *= Math.sin((Math.PI / 2) * ((f - c.go + 0.5) / fi))
      const next = cues[i + 1]
      if (next && next.es[0].via === 'crossfade' && next.es[0].fade > 0 && f >= next.go) {
        const fo = next.es[0].fade
        g *= f < next.go + fo ? Math.cos((Math.PI / 2) * ((f - next.go + 0.5) / fo)) : 0
      }
      return g
    }
    let mismatches = 0
    let maxDiff = 0
    let firstBad = -1
    for (let ch = 0; ch < out.numberOfChannels; ch++) {
      const y = out.getChannelData(ch)
      for (let k = 0; k < length; k++) {
        const f = origin + k
        let want = 0
        cues.forEach((c, i) => (want += sample(c, ch, f) * gain(c, i, f)))
        const d = Math.abs(y[k] - want)
        if (d > maxDiff) maxDiff = d
        if (d > tolerance) {
          mismatches++
          if (firstBad < 0) firstBad = f
        }
      }
    }
    return { mismatches, maxDiff, first: firstBad, frames: length, channels: out.numberOfChannels }
  }, { s, from, to, tolerance })
}
