#!/usr/bin/env node
// A held-out check of the show player (issue 14): a circus show of our own, eight acts with
// prompts, lengths or vamps, hits and every kind of transition, rendered by the real server
// (`omg serve`, two workers) and run by an operator in Debian's Chromium (playwright-core,
// headless): GO on every act that waits for it, each vamp ended with E (one on the next bar,
// one on the next beat, one in its first pass), the segues and crossfades starting the next act
// by themselves, a cut waiting for GO. What the player scheduled (every start and stop, in
// AudioContext frames) is checked against the show's own rules computed here from the show's
// JSON (segments, tails, transitions), to the sample; the same schedule rendered offline with
// the decoded audio must be the sum of the acts placed there, and a crossfade's gains the
// equal-power curves frame by frame. The server's cue sheet must place the segues and
// crossfades as the player did, and its show mix plays with the cue list following along.
//
//   node web/e2e/circus.mjs [path/to/omg]        Exit 0 pass, 1 fail, 77 no browser.
//
// Each act is short (6-12 s) so that the whole run stays near a minute on two cores.
import path from 'node:path'
import { artifacts, check, ctxFrame, hooks, prepare, renderScheduleOffline, runSuite, schedule, until as untilEvery } from './harness.mjs'

const { omg, tmp } = prepare('circus e2e')
const until = (what, fn, timeoutMs = 20000, everyMs = 25) => untilEvery(what, fn, timeoutMs, everyMs)

// The show: eight acts. `vamp_repeats` 1 so that a vamp ended in its first pass plays in the
// live show exactly as in the server's mix.
const SHOW = {
  title: 'Cirque de la Nuit',
  seed: 1907,
  cues: [
    { title: 'Overture', prompt: 'circus march with brass and snare', bpm: 120, duration: 8, hits: [{ time: 4, kind: 'accent' }], transition: { type: 'segue' } },
    { title: 'Clowns', prompt: 'silly bouncy polka with tuba', bpm: 120, cue: { intro_bars: 2, vamp_bars: 2, ending: 'button' }, vamp_repeats: 1, ending_on: 'bar', transition: { type: 'crossfade', seconds: 1 } },
    { title: 'Jugglers', prompt: 'playful pizzicato strings', bpm: 120, duration: 6, hits: [{ time: 4, kind: 'stinger' }], transition: { type: 'cut' } },
    { title: 'Tightrope', prompt: 'gentle waltz with music box', bpm: 120, time_signature: '3/4', cue: { intro_bars: 1, vamp_bars: 2, ending: 'ring_out' }, ending_on: 'beat', transition: { type: 'segue' } },
    { title: 'Strongman', prompt: 'heavy brass and timpani', duration: 6, hits: [{ time: 3, kind: 'stop' }], transition: { type: 'crossfade', seconds: 2 } },
    { title: 'Trapeze', prompt: 'soaring orchestral strings', bpm: 120, duration: 8, hits: [{ time: 4, kind: 'build' }], transition: { type: 'cut' } },
    { title: 'Lions', prompt: 'dark tribal drums and low brass', bpm: 110, cue: { intro_bars: 2, vamp_bars: 1, ending: 'stinger' }, vamp_repeats: 1, ending_on: 'bar', transition: { type: 'segue' } },
    { title: 'Finale', prompt: 'triumphant circus galop, full band', duration: 10, hits: [{ time: 8, kind: 'cadence' }], transition: { type: 'cut' } },
  ],
}

let server = null
const serverLog = []
let show = null // GET /api/v1/shows/{id}, completed
let rate = 44100
const api = async (p, init) => {
  const r = await fetch(server.base + p, init)
  return { status: r.status, json: await r.json().catch(() => null) }
}

// ---- what the page is asked ------------------------------------------------------------------
const clockCue = async (page) => (await page.getByTestId('clock-cue').textContent()).trim()
const phase = async (page) => (await page.getByTestId('clock-phase').textContent()).trim()
const stateOf = (page, n) => page.locator(`.stack li[data-cue="${n}"]`).getAttribute('data-state')
// Presses `key` once the context reaches `frame`: {pressed, after}, the frames read just before
// and just after (the page handled the key between them).
const pressAt = async (page, key, frame) => {
  await until(`frame ${frame}`, async () => (await ctxFrame(page)) >= frame, 30000, 10)
  const pressed = await ctxFrame(page)
  await page.keyboard.press(key)
  return { pressed, after: await ctxFrame(page) }
}
const entries = (s, cue) => s.filter((e) => e.cue === cue)
const first = (s, cue) => entries(s, cue)[0]

// ---- the show's rules, computed here from its JSON (src/show/timeline.h) -----------------------
function cueOf(n) {
  const c = show.cues[n - 1]
  const seg = c.segments
  const tail = seg && c.ending !== 'fade' ? Math.min(seg.ending_frames, Math.max(0, seg.ending_frames - seg.frames_per_bar)) : 0
  return { ...c, tail }
}
// The frames cue n plays before it ends, once its entries are scheduled.
function endOf(s, n) {
  const c = cueOf(n)
  if (c.kind === 'track') return first(s, n).frame + first(s, n).frames
  const ending = entries(s, n).find((e) => e.part === 'ending')
  return ending.frame + ending.frames
}
function mixFrames(n) {
  const c = cueOf(n)
  if (c.kind === 'track') return Math.round(c.length_s * rate)
  const g = c.segments
  return g.intro_frames + Math.max(1, c.vamp_repeats) * g.loop_frames + g.ending_frames
}
// Where cue n+1 must start after cue n by the transition, given the schedule; null for a cut.
function expectedFollow(s, n, scheduledAt) {
  const c = cueOf(n)
  const end = endOf(s, n)
  if (c.transition.type === 'cut') return null
  if (c.transition.type === 'segue') return { frame: end - c.tail, fade: 0, via: 'segue' }
  const fadeIn = first(s, n).fade || 0
  const from = Math.max(scheduledAt, first(s, n).frame + fadeIn)
  const fade = Math.max(0, Math.min(Math.round(c.transition.seconds * rate), end - from, mixFrames(n + 1)))
  return { frame: end - fade, fade, via: 'crossfade' }
}
function checkFollow(s, n, scheduledAt) {
  const want = expectedFollow(s, n, scheduledAt)
  const got = first(s, n + 1)
  check(got, `cue ${n + 1} was not scheduled after cue ${n}'s ${cueOf(n).transition.type}`)
  check(got.via === want.via && got.frame === want.frame && (got.fade || 0) === want.fade,
    `cue ${n + 1} follows cue ${n} at ${got.frame} (${got.via}, fade ${got.fade}); the show's rules say ${want.frame} (${want.via}, fade ${want.fade})`)
  return got
}
// A frame `into` the loop is a boundary when it is boundary k of the loop cut into `units` parts.
function onBoundary(into, loopFrames, units) {
  const rest = into % loopFrames
  for (let k = 0; k < units; k++) if (Math.round((k * loopFrames) / units) === rest) return true
  return false
}

// The schedule's cues [from..to] rendered offline (harness.mjs), to within 1e-5.
const renderChain = (page, s, from, to) => renderScheduleOffline(page, s, from, to, 1e-5)

// ---- the steps ------------------------------------------------------------------------------
const result = {}
const steps = [
  ['the circus show (eight acts) rendered by the server, opened in the player, every act decoded', async (page) => {
    const t0 = Date.now()
    const r = await api('/api/v1/shows', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(SHOW) })
    check(r.status === 202 || r.status === 200, `POST /api/v1/shows answered ${r.status}: ${JSON.stringify(r.json)}`)
    const id = r.json.id
    await page.goto(`${server.base}/?hooks#show`)
    await page.locator(`li[data-show-id="${id}"]`).waitFor({ timeout: 20000 })
    await page.getByRole('button', { name: `Open show ${SHOW.title}` }).click()
    await page.getByRole('heading', { name: SHOW.title }).waitFor()
    show = await until('the show to complete (eight acts and the mix)', async () => {
      const s = (await api(`/api/v1/shows/${id}`)).json
      if (s && s.status === 'failed') throw new Error(`the show failed: ${s.error}`)
      return s && s.status === 'completed' && s
    }, 150000, 250)
    console.log(`       eight acts and the mix rendered in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    await until('every act decoded', async () =>
      (await page.getByTestId('player-ready').textContent()) === 'Ready' && (await hooks(page, () => window.omgShowHooks.player.state.cues.length)) === 8, 60000, 100)
    rate = await hooks(page, () => window.omgShowHooks.player.context().sampleRate)
    const kinds = show.cues.map((c) => c.kind).join()
    check(kinds === 'track,vamp,track,vamp,track,track,vamp,track', `the acts' kinds: ${kinds}`)
    for (const c of show.cues) {
      check(c.length_s >= 5 && c.length_s <= 13, `act ${c.number} (${c.title}) is ${c.length_s} s long`)
      if (c.segments) check(c.segments.sample_rate === rate && c.segments.frames_per_bar > 0, `act ${c.number}: segments ${JSON.stringify(c.segments)}`)
    }
    const hits = show.cues.flatMap((c) => c.hits.map((h) => ({ ...h, cue: c.number })))
    check(hits.length === 5 && hits.every((h) => h.met === true), `every hit met: ${JSON.stringify(hits)}`)
    console.log(`       acts: ${show.cues.map((c) => `${c.number}. ${c.title} ${c.kind} ${c.length_s} s ${c.transition.type}`).join(' | ')}`)
    check((await clockCue(page)) === 'Standing by: 1. Overture', `the clock says ${await clockCue(page)}`)
  }],
  ['GO: the overture, and the clowns’ vamp segues in by itself on the overture’s last frame', async (page) => {
    await page.keyboard.press('Space')
    const s = await until('the segue to be scheduled', async () => { const x = await schedule(page); return x.length >= 3 && x })
    const go = first(s, 1).frame
    checkFollow(s, 1, go)
    check(await hooks(page, () => window.omgShowHooks.player.state.next) === 2, 'GO does not stand by on act 3 (act 2 follows by itself)')
    check((await stateOf(page, 2)) === 'follows', 'act 2 is not shown as following')
    await until('act 2 to play by itself', async () => (await clockCue(page)) === '2. Clowns', 15000)
    check((await stateOf(page, 2)) === 'live', 'act 2 is not marked live')
    await page.screenshot({ path: path.join(artifacts, 'circus-segue.png'), fullPage: true })
  }],
  ['the clowns’ vamp ended with E in its first pass (as the mix plays it); the jugglers crossfade in by themselves', async (page) => {
    const s0 = await schedule(page)
    const loop = entries(s0, 2).find((e) => e.part === 'loop')
    const bar = cueOf(2).segments.frames_per_bar
    const { pressed } = await pressAt(page, 'e', loop.frame + loop.frames - Math.round(0.6 * bar))
    const s = await until('the ending and the crossfade', async () => { const x = await schedule(page); return first(x, 3) && x })
    const ending = entries(s, 2).find((e) => e.part === 'ending')
    check(ending.frame === loop.frame + loop.frames, `the ending starts at ${ending.frame}, not at the first pass's end ${loop.frame + loop.frames}`)
    const x = checkFollow(s, 2, pressed)
    check(x.fade === Math.round(rate), `the crossfade is ${x.fade} frames, not a second`)
    result.chain1 = s
    await until('act 3 to play by itself', async () => (await clockCue(page)) === '3. Jugglers', 15000)
  }],
  ['a cut waits for GO: the jugglers end and nothing starts; act 4 stands by', async (page) => {
    await until('act 3 to end', async () => (await phase(page)) === 'Done', 15000)
    const s = await schedule(page)
    check(!first(s, 4), 'act 4 started by itself after a cut')
    check((await stateOf(page, 4)) === 'next', 'act 4 is not standing by')
    check((await page.getByRole('button', { name: /^GO/ }).textContent()).includes('cue 4'), 'GO is not for act 4')
  }],
  ['the tightrope (3/4): E on the next beat, to the sample; the strongman segues in, the trapeze crossfades in after him', async (page) => {
    await page.keyboard.press('Space')
    const s0 = await until('act 4', async () => { const x = await schedule(page); return first(x, 4) && entries(x, 4).length >= 2 && x })
    const loop = entries(s0, 4).find((e) => e.part === 'loop')
    const c = cueOf(4)
    check(c.ending_on === 'beat' && c.beats_per_bar === 3, `act 4: ending on the ${c.ending_on}, ${c.beats_per_bar} beats a bar`)
    const beats = c.vamp_bars * c.beats_per_bar
    const beat = loop.frames / beats
    // Half way into the loop's second beat: the next beat is the third, not a bar line.
    const { pressed, after } = await pressAt(page, 'e', loop.frame + Math.round(1.5 * beat))
    const s = await until('the ending', async () => { const x = await schedule(page); return entries(x, 4).some((e) => e.part === 'ending') && first(x, 6) && x })
    const ending = entries(s, 4).find((e) => e.part === 'ending')
    const into = ending.frame - loop.frame
    check(onBoundary(into, loop.frames, beats), `the ending starts ${into} frames into the loop: not on a beat (a beat is ${beat.toFixed(1)} frames)`)
    check(ending.frame >= pressed && ending.frame - pressed <= Math.ceil(beat) + Math.ceil(0.2 * rate), `the ending starts ${ending.frame - pressed} frames after E: later than the next beat`)
    check(!onBoundary(into, loop.frames, c.vamp_bars), `the ending fell on a bar line (${into}): the beat choice is not tested`)
    // It is the first beat at or after E plus the switch's lead (E was handled between the
    // frames read before and after it).
    const lead = Math.ceil(0.06 * rate)
    const beatAt = (k) => loop.frame + Math.floor(k / beats) * loop.frames + Math.round(((k % beats) * loop.frames) / beats)
    const firstBeat = (f) => { let k = 0; while (beatAt(k) < f) k++; return beatAt(k) }
    check(ending.frame >= firstBeat(pressed + lead) && ending.frame <= firstBeat(after + lead),
      `the ending (${ending.frame}) is not the first beat after E: between ${firstBeat(pressed + lead)} and ${firstBeat(after + lead)}`)
    check(entries(s, 4).find((e) => e.part === 'loop').stopFrame === ending.frame, 'the loop does not stop where the ending starts')
    checkFollow(s, 4, pressed)
    checkFollow(s, 5, pressed)
    check(!first(s, 7), 'act 7 followed a cut')
    result.chain2 = s
    console.log(`       E ${ending.frame - pressed} frames before the ending, on beat ${(into / beat).toFixed(3)} of the loop; act 5 at +${first(s, 5).frame - ending.frame}, act 6 crossfading over ${first(s, 6).fade} frames`)
    await until('act 5 to play by itself', async () => (await clockCue(page)) === '5. Strongman', 15000)
    await until('act 6 to play by itself', async () => (await clockCue(page)) === '6. Trapeze', 15000)
    await page.screenshot({ path: path.join(artifacts, 'circus-crossfade.png'), fullPage: true })
  }],
  ['GO during the trapeze (a cut): the lions’ vamp, E on its bar; the finale segues in by itself', async (page) => {
    const before = await schedule(page)
    await page.keyboard.press('Space')
    const s0 = await until('act 7', async () => { const x = await schedule(page); return first(x, 7) && entries(x, 7).length >= 2 && x })
    const cut = first(s0, 7).frame
    check(entries(s0, 6)[0].stopFrame === cut, `act 6 is not cut where act 7 starts (${entries(s0, 6)[0].stopFrame} vs ${cut})`)
    check(before.length + 2 === s0.length, 'GO changed what had played')
    const loop = entries(s0, 7).find((e) => e.part === 'loop')
    const { pressed } = await pressAt(page, 'e', loop.frame + Math.round(loop.frames / 3))
    const s = await until('the finale', async () => { const x = await schedule(page); return first(x, 8) && x })
    const ending = entries(s, 7).find((e) => e.part === 'ending')
    check(ending.frame === loop.frame + loop.frames, `a one-bar vamp ends on its bar line: ${ending.frame} vs ${loop.frame + loop.frames}`)
    checkFollow(s, 7, pressed)
    await until('the finale to play by itself', async () => (await clockCue(page)) === '8. Finale', 15000)
    await page.screenshot({ path: path.join(artifacts, 'circus-finale.png'), fullPage: true })
    await page.getByRole('button', { name: 'Stop' }).click()
    result.all = s
  }],
  ['the schedule rendered offline is every act placed on its frames, with the equal-power crossfades', async (page) => {
    for (const [from, to, s] of [[1, 3, result.chain1], [4, 6, result.chain2], [7, 8, result.all]]) {
      const r = await renderChain(page, s, from, to)
      console.log(`       acts ${from}-${to}: ${r.frames} frames, max |diff| ${r.maxDiff.toExponential(2)}, mismatches ${r.mismatches}`)
      check(r.mismatches === 0, `acts ${from}-${to}: the render differs from the acts as placed in ${r.mismatches} samples (first at frame ${r.first}, max ${r.maxDiff})`)
    }
    // The crossfade's gains alone (a constant signal through them): the server's curves frame by frame.
    const curves = await hooks(page, async ({ n }) => {
      const { scheduleCue, scheduleFade } = window.omgShowHooks
      const rate = window.omgShowHooks.player.context().sampleRate
      const off = new OfflineAudioContext(2, 3 * n, rate)
      const one = off.createBuffer(1, 2 * n, rate)
      one.getChannelData(0).fill(1)
      const plan = { kind: 'track', frames: 2 * n }
      // Channel 0: the outgoing act; channel 1: the incoming one.
      const merger = off.createChannelMerger(2)
      merger.connect(off.destination)
      const a = scheduleCue(off, merger, { track: one }, plan, 0)
      const b = scheduleCue(off, merger, { track: one }, plan, n)
      a.nodes.cut.disconnect()
      a.nodes.cut.connect(merger, 0, 0)
      b.nodes.cut.disconnect()
      b.nodes.cut.connect(merger, 0, 1)
      scheduleFade(off, a, n, n, 'out')
      scheduleFade(off, b, n, n, 'in')
      const out = await off.startRendering()
      const [x, y] = [out.getChannelData(0), out.getChannelData(1)]
      let worst = 0
      for (let k = 0; k < n; k++) {
        const t = (Math.PI / 2) * ((k + 0.5) / n)
        worst = Math.max(worst, Math.abs(x[n + k] - Math.cos(t)), Math.abs(y[n + k] - Math.sin(t)))
      }
      return { worst, before: [x[n - 1], y[n - 1]], after: [x[2 * n - 1], y[2 * n]] }
    }, { n: Math.round(rate) })
    console.log(`       crossfade gains vs cos/sin at each frame's middle: max |diff| ${curves.worst.toExponential(2)}`)
    check(curves.worst < 1e-6, `the crossfade's gains are off the equal-power curves by ${curves.worst}`)
    check(curves.before[0] === 1 && curves.before[1] === 0 && curves.after[1] === 1, `before/after the crossfade: ${JSON.stringify(curves)}`)
  }],
  ['the server’s cue sheet places the segues and crossfades where the player did', async () => {
    const sheet = (await api(`/api/v1/shows/${show.id}/cue-sheet.json`)).json
    const starts = (sheet.cues || []).map((c) => c.start_s)
    check(starts.length === 8, `the cue sheet lists ${starts.length} cues`)
    const s = result.all
    // Acts whose vamps played their vamp_repeats (1) in the live show: 1->2, 2->3, 5->6, 7->8.
    // The sheet's starts are rounded to the millisecond: two of them differ by at most 1 ms.
    const said = []
    for (const n of [1, 2, 5, 7]) {
      const live = first(s, n + 1).frame - first(s, n).frame
      const sheetFrames = (starts[n] - starts[n - 1]) * rate
      said.push(`${n}->${n + 1} ${live} vs ${sheetFrames.toFixed(0)}`)
      check(Math.abs(live - sheetFrames) <= 0.001 * rate + 1, `act ${n + 1} starts ${live} frames after act ${n} live, ${sheetFrames.toFixed(0)} in the server's mix`)
    }
    console.log(`       live vs the cue sheet (frames): ${said.join(', ')}`)
  }],
  ['the show mix plays with the cue list following along, and downloads', async (page) => {
    const mix = page.getByTestId('show-mix')
    await mix.waitFor()
    const audio = page.getByTestId('show-mix-audio')
    const start6 = show.cues[5].start_s
    await mix.getByRole('button', { name: 'Play the show mix from cue 5' }).click()
    check((await mix.locator('li[aria-current="true"]').getAttribute('data-cue')) === '5', 'act 5 is not highlighted after seeking to it')
    await audio.evaluate((a, t) => (a.currentTime = t), start6 - 0.4)
    await mix.getByRole('button', { name: 'Play the show mix', exact: true }).click()
    await until('the mix to play into act 6', async () => (await audio.evaluate((a) => a.currentTime)) > start6 + 0.05, 10000)
    await until('act 6 highlighted', async () => (await mix.locator('li[aria-current="true"]').getAttribute('data-cue')) === '6', 2000)
    check(!(await audio.evaluate((a) => a.paused)), 'the mix is not playing')
    await page.screenshot({ path: path.join(artifacts, 'circus-mix.png'), fullPage: true })
    await mix.getByRole('button', { name: 'Pause the show mix', exact: true }).click()
    for (const [label, magic] of [['FLAC', 'fLaC'], ['MP3', null]]) {
      const href = await mix.getByRole('link', { name: `Download the show mix (${label})` }).getAttribute('href')
      const r = await fetch(server.base + href)
      const bytes = Buffer.from(await r.arrayBuffer())
      const ok = magic ? bytes.toString('latin1', 0, 4) === magic : bytes.toString('latin1', 0, 3) === 'ID3' || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0)
      check(r.ok && ok && bytes.length > 10000, `the ${label} download (${href}): ${r.status}, ${bytes.length} bytes`)
      check((r.headers.get('content-disposition') || '').includes('attachment'), `the ${label} download is not an attachment`)
    }
  }],
]

// ---- run ------------------------------------------------------------------------------------
await runSuite('circus', steps, { omg, tmp, workers: 2, log: serverLog, onServer: (s) => (server = s) })
