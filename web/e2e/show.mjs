#!/usr/bin/env node
// End-to-end test of the studio's Show view (issue 14) in Debian's Chromium (playwright-core,
// headless; no browser is ever downloaded): a show written in the cue list editor (a cue moved
// by keyboard drag) and sent, then played by the operator: space = GO, the vamp looping at
// least twice, E = to ending, and a track cue after it. The checks are made on what the player
// scheduled on the AudioContext clock (every start and stop in sample frames) and on an
// OfflineAudioContext render of the same schedule with the same decoded buffers: the intro,
// every pass of the loop and the ending must abut to the sample, the ending on a bar line.
//
//   node web/e2e/show.mjs [path/to/omg]
//
// The real `omg serve` (127.0.0.1, free port, temp data dir) serves the studio. When it has the
// show routes (GET /api/v1/shows answers 200), the show is rendered by it for real: POST from the
// form, the status followed over SSE, the segments fetched from it. A server without them gets
// the show routes answered by page.route instead, with a show whose cues' audio the same binary
// renders beforehand (`omg generate --intro 1 --vamp 2 --ending button`, and a 6 s track), so
// the player decodes real segments either way. Exit 0 pass, 1 fail, 77 no browser.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { artifacts, check, ctxFrame, hooks, prepare, renderScheduleOffline, runSuite, schedule, until as untilEvery } from './harness.mjs'

const { omg, tmp } = prepare('show e2e')
const until = (what, fn, timeoutMs = 20000, everyMs = 50) => untilEvery(what, fn, timeoutMs, everyMs)

// ---- the audio: rendered by omg, read back for lengths and peaks ------------------------------
function render(args, out) {
  const r = spawnSync(omg, ['generate', ...args, '-o', out], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`omg generate failed: ${r.stderr}`)
}
// {rate, channels, frames, bytes, peaks} of a 16-bit PCM WAV.
function readWav(file, points = 400) {
  const bytes = fs.readFileSync(file)
  let at = 12
  let fmt = null
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('latin1', at, at + 4)
    const size = bytes.readUInt32LE(at + 4)
    if (id === 'fmt ') fmt = { channels: bytes.readUInt16LE(at + 10), rate: bytes.readUInt32LE(at + 12), bits: bytes.readUInt16LE(at + 22) }
    if (id === 'data') {
      check(fmt && fmt.bits === 16, `${file}: not 16-bit PCM`)
      const frames = size / (2 * fmt.channels)
      const min = new Array(points).fill(0)
      const max = new Array(points).fill(0)
      for (let f = 0; f < frames; f++) {
        const v = bytes.readInt16LE(at + 8 + f * 2 * fmt.channels) / 32768
        const p = Math.min(points - 1, Math.floor((f * points) / frames))
        if (v < min[p]) min[p] = v
        if (v > max[p]) max[p] = v
      }
      return { ...fmt, frames, bytes, peaks: { points, duration: frames / fmt.rate, min, max } }
    }
    at += 8 + size + (size & 1)
  }
  throw new Error(`${file}: no data chunk`)
}

// Route mode: the show's audio rendered by omg, and the show GET /api/v1/shows/{id} would give.
function fakeShow() {
  render(['funky groove', '--intro', '1', '--vamp', '2', '--ending', 'button', '--seed', '5'], path.join(tmp, 'vamp.wav'))
  render(['calm piano', '--duration', '6', '--seed', '3'], path.join(tmp, 'track.wav'))
  const wav = {
    intro: readWav(path.join(tmp, 'vamp-intro.wav')),
    loop: readWav(path.join(tmp, 'vamp-loop.wav')),
    ending: readWav(path.join(tmp, 'vamp-ending.wav')),
    whole: readWav(path.join(tmp, 'vamp.wav')),
    track: readWav(path.join(tmp, 'track.wav')),
  }
  const RATE = wav.loop.rate
  const BAR = wav.loop.frames / 2

  // The show as GET /api/v1/shows/{id} gives it (/work/coord/show-api.md).
  const seg = (p) => `/api/v1/versions/v-vamp/segments/${p}`
  const show = {
    id: SHOW_ID, title: 'Circus night', status: 'completed', loudness: 'show', created_at: '2026-12-06T21:00:00', error: null,
    cues: [
      {
        number: 1, title: 'Opening', job_id: 'job-vamp', status: 'completed', version_id: 'v-vamp', kind: 'vamp',
        tempo_qpm: Math.round((4 * 60 * RATE) / BAR), beats_per_bar: 4, beat_unit: 4, key: 'E minor', length_s: wav.whole.frames / RATE, start_s: 0,
        vamp_bars: 2, intro_bars: 1, ending: 'button', ending_on: 'bar',
        segments: { sample_rate: RATE, intro_frames: wav.intro.frames, loop_start: wav.intro.frames, loop_frames: wav.loop.frames, ending_frames: wav.ending.frames, frames_per_bar: BAR },
        hits: [{ time: 1.0, kind: 'accent', met: true, landed_at: wav.intro.frames / RATE, reason: null }],
        transition: { type: 'segue', seconds: 0 },
        links: { audio: '/api/v1/versions/v-vamp/audio?format=wav', intro: seg('intro'), loop: seg('loop'), ending: seg('ending'), stems: '/api/v1/versions/v-vamp/stems' },
      },
      {
        number: 2, title: 'Juggler', job_id: 'job-track', status: 'completed', version_id: 'v-track', kind: 'track',
        tempo_qpm: 80, beats_per_bar: 4, beat_unit: 4, key: 'C major', length_s: wav.track.frames / RATE, start_s: null,
        vamp_bars: null, intro_bars: null, ending: null, ending_on: 'bar', segments: null, hits: [],
        transition: { type: 'cut', seconds: 0 },
        links: { audio: '/api/v1/versions/v-track/audio?format=wav', intro: null, loop: null, ending: null, stems: null },
      },
    ],
    links: {},
  }
  const files = {
    [seg('intro')]: wav.intro, [seg('loop')]: wav.loop, [seg('ending')]: wav.ending,
    '/api/v1/versions/v-vamp/audio?format=wav': wav.whole, '/api/v1/versions/v-track/audio?format=wav': wav.track,
  }
  return { show, files, wav }
}

const SHOW_ID = 'show-e2e'
const posted = [] // the bodies of POST /api/v1/shows the page sent
let mode = 'route' // 'real' when the server has the show routes
let fake = null // route mode: {show, files, wav}

async function recordPosts(page) {
  await page.route(/\/api\/v1\/shows$/, (route) => {
    if (route.request().method() === 'POST') posted.push(route.request().postDataJSON())
    return route.fallback()
  })
}

async function routeShows(page) {
  const { show, files, wav } = fake
  const json = (route, status, body) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) })
  await page.route(/\/api\/v1\/shows(\/[^/?]*)?(\?.*)?$/, async (route) => {
    const req = route.request()
    const url = new URL(req.url())
    if (req.method() === 'POST' && url.pathname === '/api/v1/shows') {
      return json(route, 202, { id: SHOW_ID, status: 'queued', cues: show.cues.map((c) => ({ number: c.number, title: c.title, job_id: c.job_id })) })
    }
    if (url.pathname === '/api/v1/shows') {
      const list = posted.length ? [{ id: SHOW_ID, title: show.title, status: 'completed', created_at: show.created_at, cue_count: 2 }] : []
      return json(route, 200, { shows: list })
    }
    if (url.pathname === `/api/v1/shows/${SHOW_ID}`) return json(route, 200, show)
    return json(route, 404, { detail: 'Show not found' })
  })
  await page.route(/\/api\/v1\/versions\/v-(vamp|track)\//, (route) => {
    const url = new URL(route.request().url())
    const key = url.pathname + url.search
    if (key in files) return route.fulfill({ status: 200, contentType: 'audio/wav', body: files[key].bytes })
    const peaks = url.pathname.endsWith('/peaks') ? (url.pathname.includes('v-vamp') ? wav.whole.peaks : wav.track.peaks) : null
    if (peaks) return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(peaks) })
    return route.fulfill({ status: 404, contentType: 'application/json', body: '{"detail":"Not found"}' })
  })
}

// ---- the server (serves the studio, and the shows when it has them) -----------------------------
const serverLog = []
let server = null

// ---- the steps ------------------------------------------------------------------------------
const result = {}
let cue = null // what the open show says of its vamp cue: {rate, intro, loop, ending, bars, number}

// A frame `into` the loop is a bar line when it is boundary k of the loop cut into its bars.
function onBarLine(into, loopFrames, bars) {
  const pass = Math.floor(into / loopFrames)
  const rest = into - pass * loopFrames
  for (let k = 0; k < bars; k++) if (Math.round((k * loopFrames) / bars) === rest) return true
  return false
}

const steps = [
  ['write a show: two cues reordered by keyboard drag, pointer drag and button, sent as POST /api/v1/shows', async (page) => {
    await page.goto(`http://127.0.0.1:${server.port}/?hooks#show`)
    await page.getByRole('link', { name: 'Show' }).waitFor()
    check((await page.getByRole('link', { name: 'Show' }).getAttribute('aria-current')) === 'page', 'the Show tab is not the current view')
    await page.getByLabel('Show title').fill('Circus night')
    await page.getByLabel('Cue 1 title').fill('Juggler')
    await page.getByLabel('Cue 1 prompt').fill('calm piano')
    await page.getByText('Fixed length').click()
    await page.getByLabel('Cue 1 duration (seconds)').fill('6')
    await page.getByRole('button', { name: 'Add cue' }).click()
    await page.getByLabel('Cue 2 title').fill('Opening')
    await page.getByLabel('Cue 2 prompt').fill('funky groove')
    await page.getByLabel('Cue 2 intro bars').fill('1')
    await page.getByLabel('Cue 2 vamp bars').fill('2')
    const handle = page.getByRole('button', { name: 'Drag cue 2' })
    await handle.focus()
    await page.keyboard.press('Space')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Space')
    await until('the drop to be said', async () => (await page.getByTestId('cue-list-status').textContent()).includes('Dropped Opening at place 1'))
    check((await page.getByLabel('Cue 1 title').inputValue()) === 'Opening', 'the dragged cue is not first')
    // By pointer: cue 2's handle dragged onto cue 1; then back by the Move down button.
    const from = await page.getByRole('button', { name: 'Drag cue 2' }).boundingBox()
    const to = await page.getByLabel('Cue 1 prompt').boundingBox()
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    await page.mouse.move(to.x + 20, to.y + 10, { steps: 8 })
    await page.mouse.up()
    check((await page.getByLabel('Cue 1 title').inputValue()) === 'Juggler', 'the pointer drag did not move cue 2 up')
    await page.getByRole('button', { name: 'Move cue 1 down' }).click()
    check((await page.getByLabel('Cue 1 title').inputValue()) === 'Opening', 'Move down did not move cue 1')
    await page.getByRole('button', { name: 'Render show' }).click()
    await until('the POST', () => posted.length === 1)
    const body = posted[0]
    if (mode === 'real') {
      const shows = await until('the show in the server', async () => {
        const list = (await (await fetch(`http://127.0.0.1:${server.port}/api/v1/shows`)).json()).shows
        return list.length > 0 && list
      })
      posted.id = shows[0].id
    }
    check(body.title === 'Circus night', `title ${body.title}`)
    check(body.cues.map((c) => c.title).join() === 'Opening,Juggler', `cue order ${body.cues.map((c) => c.title)}`)
    check(JSON.stringify(body.cues[0].cue) === JSON.stringify({ intro_bars: 1, vamp_bars: 2, ending: 'button' }) && body.cues[0].ending_on === 'bar', `cue 1 ${JSON.stringify(body.cues[0])}`)
    check(body.cues[1].duration === 6 && !body.cues[1].cue, `cue 2 ${JSON.stringify(body.cues[1])}`)
  }],
  ['the show opens in the player with every cue decoded; the waveforms mark the loop (and the hit)', async (page) => {
    await page.getByRole('heading', { name: 'Circus night' }).waitFor()
    // For real: both cues rendered by the server's workers, the show followed over SSE.
    const t0 = Date.now()
    await until('the cues to render and load', async () =>
      (await page.getByTestId('player-ready').textContent()) === 'Ready' && (await hooks(page, () => window.omgShowHooks.player.state.cues.length)) === 2,
    mode === 'real' ? 280000 : 30000, 250)
    if (mode === 'real') console.log(`       both cues rendered and decoded ${((Date.now() - t0) / 1000).toFixed(1)} s after the POST's reply`)
    const readShow = async () => (await fetch(`http://127.0.0.1:${server.port}/api/v1/shows/${posted.id}`)).json()
    const show = mode === 'real' ? await until('the show to complete (its mix)', async () => { const s = await readShow(); return s.status === 'completed' && s }, 120000, 500) : fake.show
    const c1 = show.cues[0]
    check(c1.kind === 'vamp' && c1.segments, `cue 1 is not a vamp with segments: ${JSON.stringify(c1)}`)
    // Its release tail (the ending less a bar, src/show/rendered.cpp): a segue starts cue 2 there.
    const tail = c1.ending === 'fade' ? 0 : Math.min(c1.segments.ending_frames, Math.max(0, c1.segments.ending_frames - (c1.segments.frames_per_bar || 0)))
    cue = { number: c1.number, rate: c1.segments.sample_rate, intro: c1.segments.intro_frames, loop: c1.segments.loop_frames, ending: c1.segments.ending_frames, bars: c1.vamp_bars, tail }
    check(c1.transition.type === 'segue' && c1.segments.frames_per_bar > 0, `cue 1: a segue, with its bar's length (${JSON.stringify(c1.transition)}, ${c1.segments.frames_per_bar})`)
    if (mode === 'real') {
      const badge = page.locator(`li[data-show-id="${show.id}"] [data-show-status]`)
      await until('the list to say completed (the `show` event)', async () => (await badge.getAttribute('data-show-status')) === 'completed', 10000)
    }
    const st = await hooks(page, () => ({ rate: window.omgShowHooks.player.context().sampleRate, loaded: { ...window.omgShowHooks.player.state.loaded } }))
    check(st.rate === cue.rate, `the AudioContext runs at ${st.rate}, not the cues' ${cue.rate}`)
    const lens = await hooks(page, () => {
      const b = window.omgShowHooks.player.buffersOf(1)
      return [b.intro.length, b.loop.length, b.ending.length]
    })
    check(lens.join() === [cue.intro, cue.loop, cue.ending].join(), `decoded lengths ${lens} differ from the segments' ${[cue.intro, cue.loop, cue.ending]}`)
    check(await page.locator('.cue-wave[data-cue="1"] [data-testid="loop-mark"]').count() === 1, 'no loop marked on cue 1')
    if (mode === 'route') check(await page.locator('.cue-wave[data-cue="1"] [data-testid="hit-mark"]').count() === 1, 'no hit marked on cue 1')
    check((await page.getByTestId('clock-cue').textContent()).includes('Standing by: 1. Opening'), 'not standing by on cue 1')
    await page.screenshot({ path: path.join(artifacts, 'show-standby.png'), fullPage: true })
  }],
  ['space = GO: the intro, then the loop repeating at least twice; E = to ending on the next bar line', async (page) => {
    await page.keyboard.press('Space')
    const [intro, loop] = await until('GO to schedule', async () => {
      const s = await schedule(page)
      return s.length >= 2 && s
    })
    check(intro.part === 'intro' && loop.part === 'loop', `schedule ${JSON.stringify([intro, loop])}`)
    check(loop.frame === intro.frame + cue.intro, `the loop starts at ${loop.frame}, not at the intro's end ${intro.frame + cue.intro}`)
    await until('the phase Vamping', async () => (await page.getByTestId('clock-phase').textContent()) === 'Vamping', 10000)
    check((await page.getByTestId('clock-remaining').textContent()).startsWith('≥'), 'the clock does not say "at least" while vamping')
    // Two whole passes, then half way into a bar of the third.
    const bar = cue.loop / cue.bars
    const target = loop.frame + 2 * cue.loop + Math.round(bar / 2)
    await until('two passes of the loop', async () => (await ctxFrame(page)) >= target, 30000, 20)
    await page.screenshot({ path: path.join(artifacts, 'show-vamping.png'), fullPage: true })
    const pressedAt = await ctxFrame(page)
    await page.keyboard.press('e')
    const s = await until('the ending to be scheduled', async () => {
      const x = await schedule(page)
      return x.length >= 4 && x
    })
    const ending = s[2]
    const follows = s[3]
    result.vamp = { intro, loop: s[1], ending, pressedAt, follows, schedule: s }
    // The segue: cue 2 scheduled by itself, on the frame cue 1's music ends (its ending's
    // start plus its length less its tail), the moment the ending was known.
    const segueAt = ending.frame + cue.ending - cue.tail
    check(follows.cue === 2 && follows.part === 'track' && follows.via === 'segue', `cue 2 does not follow by segue: ${JSON.stringify(follows)}`)
    check(follows.frame === segueAt, `cue 2 starts at ${follows.frame}, not on the frame cue 1's music ends (${segueAt} = ending ${ending.frame} + ${cue.ending} - tail ${cue.tail})`)
    check(ending.part === 'ending', `schedule ${JSON.stringify(s)}`)
    const into = ending.frame - loop.frame
    check(onBarLine(into, cue.loop, cue.bars), `the ending starts ${into} frames into the loop: not on a bar line (a bar is ${bar} frames)`)
    check(ending.frame >= pressedAt, 'the ending was scheduled in the past')
    check(ending.frame - pressedAt <= bar + Math.ceil(0.2 * cue.rate), `the ending starts ${ending.frame - pressedAt} frames after E: later than the next bar line`)
    check(into >= 2 * cue.loop, `the loop played ${into / cue.loop} times, not at least 2`)
    check(s[1].stopFrame === ending.frame, `the loop stops at ${s[1].stopFrame}, the ending starts at ${ending.frame}`)
    await until('the phase Ending', async () => (await page.getByTestId('clock-phase').textContent()) === 'Ending', 10000)
    check(await page.locator('.stack li[data-cue="2"][data-state="follows"]').count() === 1, 'cue 2 is not shown as following by itself')
    check((await page.getByTestId('clock-follower').textContent()).startsWith('Then 2. Juggler by segue in'), 'the clock does not say what follows')
    await page.screenshot({ path: path.join(artifacts, 'show-ending.png'), fullPage: true })
  }],
  ['the same schedule rendered offline: intro, every loop pass and the ending abut to the sample', async (page) => {
    const { intro, loop, ending, follows, schedule: s } = result.vamp
    // Cue 1 from its GO to its ending's end, cue 2 from the segue: nothing faded, so the render
    // must be the buffers placed by the frames, to 1e-6.
    const report = await renderScheduleOffline(page, s, 1, 2, 1e-6)
    const seams = Math.floor((ending.frame - loop.frame) / cue.loop)
    console.log(`       offline render: ${report.frames} frames x ${report.channels} channels, ${seams} loop seams, the segue at ${follows.frame - intro.frame} (a tail of ${cue.tail} frames under it), max |diff| ${report.maxDiff}, mismatches ${report.mismatches}`)
    check(report.mismatches === 0, `the render differs from intro+loop*n+ending, then the track from the segue, in ${report.mismatches} samples (first at frame ${report.first}, max ${report.maxDiff})`)
    check(seams >= 2, `only ${seams} loop seams rendered`)
    check(loop.frame - intro.frame === cue.intro, 'the live loop did not start on the intro\'s last frame')
  }],
  ['the segue plays itself: cue 2 starts with no key pressed; the clock counts its elapsed and remaining time', async (page) => {
    await until('cue 2 to play by itself', async () => (await page.getByTestId('clock-cue').textContent()).includes('2. Juggler'), 15000)
    check(await page.locator('.stack li[data-cue="2"][data-state="live"]').count() === 1, 'cue 2 is not marked live')
    await until('a second of it', async () => (await page.getByTestId('clock-elapsed').textContent()) >= '0:01.0', 10000)
    // Both read in one go: the clock moves with every animation frame.
    const [el, re] = await page.evaluate(() => ['clock-elapsed', 'clock-remaining'].map((t) => document.querySelector(`[data-testid="${t}"]`).textContent))
    const secs = (t) => { const [m, s] = t.replace('≥', '').split(':'); return Number(m) * 60 + Number(s) }
    // Each is shown cut down to a tenth: together within 0.2 s of the length, and a frame more.
    const total = await hooks(page, () => window.omgShowHooks.player.buffersOf(2).track.duration)
    check(Math.abs(secs(el) + secs(re) - total) <= 0.3, `elapsed ${el} + remaining ${re} is not the track's ${total.toFixed(2)} s`)
    check(!re.startsWith('≥'), 'a track is not a vamp')
    check((await schedule(page)).length === 4, 'something more was scheduled')
    await page.screenshot({ path: path.join(artifacts, 'show-track.png'), fullPage: true })
    await page.getByRole('button', { name: 'Stop' }).click()
  }],
]

// ---- run ------------------------------------------------------------------------------------
await runSuite('show', steps, {
  omg,
  tmp,
  workers: 1,
  log: serverLog,
  onServer: (s) => (server = s),
  setUp: async (page, server) => {
    const probe = await fetch(`http://127.0.0.1:${server.port}/api/v1/shows`).then((r) => (r.ok ? r.json() : null)).catch(() => null)
    mode = probe && Array.isArray(probe.shows) ? 'real' : 'route'
    if (mode === 'route') {
      console.log('  (this server has no show routes: they are answered by page.route, the audio rendered by omg generate)')
      fake = fakeShow()
      await routeShows(page)
    } else console.log('  (the show is rendered by the server)')
    await recordPosts(page) // after routeShows: the route added last is asked first
  },
})
