// The operator's show player (issue 14): every cue's audio decoded ahead into AudioBuffers
// (a vamp cue's intro, loop and ending segments; a track cue's whole file), GO starting the
// next cue, the loop repeating on its own (an AudioBufferSourceNode with loop = true started on
// the AudioContext clock: gapless by construction, no timer ever switches audio), and "to
// ending" stopping the loop and starting the ending on the same frame: the next bar line or
// beat (lib/cueSchedule.js). Every start and stop is recorded in `schedule` (context frames),
// which the studio shows and the browser test checks.
//
// createShowPlayer({createContext, fetchImpl, now}) -> player; player.state is reactive.
import { reactive } from 'vue'
import { cuePlan, cueClock, cueTimeline, filePosition, nextBoundary } from './cueSchedule.js'

export const LEAD_S = 0.06 // how far ahead of the clock a switch is scheduled
const CUT_FADE_S = 0.02 // a cue cut by GO fades this fast (no click)

// Schedules one cue on `ctx` into `destination`: intro and loop (or the track) from `goFrame`.
// Returns the live nodes; toEnding() below adds the ending. Used for playback and, with an
// OfflineAudioContext, to render the same schedule for a check.
export function scheduleCue(ctx, destination, buffers, plan, goFrame) {
  const sr = ctx.sampleRate
  const gain = ctx.createGain()
  gain.connect(destination)
  const nodes = { gain, sources: [], loop: null, ending: null }
  const start = (buffer, frame, loop = false) => {
    const src = ctx.createBufferSource()
    src.buffer = buffer
    src.loop = loop
    src.connect(gain)
    src.start(frame / sr)
    nodes.sources.push(src)
    return src
  }
  const timeline = cueTimeline(plan, goFrame)
  if (plan.kind === 'track') {
    start(buffers.track, goFrame)
    return { nodes, timeline }
  }
  if (plan.introFrames > 0 && buffers.intro) start(buffers.intro, goFrame)
  nodes.loop = start(buffers.loop, timeline.loopStart, true)
  return { nodes, timeline }
}

// Stops the loop and starts the ending on `endingFrame` (a boundary from nextBoundary()).
export function scheduleEnding(ctx, scheduled, buffers, plan, endingFrame) {
  const sr = ctx.sampleRate
  scheduled.nodes.loop.stop(endingFrame / sr)
  if (buffers.ending && plan.endingFrames > 0) {
    const src = ctx.createBufferSource()
    src.buffer = buffers.ending
    src.connect(scheduled.nodes.gain)
    src.start(endingFrame / sr)
    scheduled.nodes.ending = src
    scheduled.nodes.sources.push(src)
  }
  scheduled.timeline = cueTimeline(plan, scheduled.timeline.goFrame, endingFrame)
  return scheduled.timeline
}

// What to fetch for a cue of GET /api/v1/shows/{id}: {intro, loop, ending} or {track}.
export function cueSources(cue) {
  const links = cue && cue.links
  if (!links) return null
  if (cue.kind === 'vamp' && cue.segments && links.loop) {
    const out = { loop: links.loop }
    if (links.intro && cue.segments.intro_frames > 0) out.intro = links.intro
    if (links.ending && cue.segments.ending_frames > 0) out.ending = links.ending
    return out
  }
  return links.audio ? { track: links.audio } : null
}

export function createShowPlayer(options = {}) {
  const {
    createContext = (rate) => new (globalThis.AudioContext || globalThis.webkitAudioContext)({ sampleRate: rate, latencyHint: 'interactive' }),
    fetchImpl = (...a) => globalThis.fetch(...a),
    raf = (fn) => (globalThis.requestAnimationFrame ? globalThis.requestAnimationFrame(fn) : setTimeout(fn, 50)),
    cancelRaf = (id) => (globalThis.cancelAnimationFrame ? globalThis.cancelAnimationFrame(id) : clearTimeout(id)),
  } = options

  const state = reactive({
    showId: null,
    cues: [], // the show's cues that can play
    loaded: {}, // cue number -> 'loading' | 'ready' | message
    next: 0, // index in cues of the cue GO plays
    current: null, // {index, number, title, phase, elapsed, remaining, vamping, position, endingOn}
    schedule: [], // [{cue, part, frame, stopFrame?, loop?}] in context frames
    sampleRate: 0,
    error: '',
  })
  let ctx = null
  let master = null
  const buffers = new Map() // cue number -> {intro, loop, ending} | {track}
  let live = null // {index, plan, scheduled}
  let frameId = null

  function context(rate) {
    if (!ctx) {
      ctx = createContext(rate)
      master = ctx.createGain()
      master.connect(ctx.destination)
      state.sampleRate = ctx.sampleRate
    }
    return ctx
  }

  async function decode(url) {
    const res = await fetchImpl(url, { cache: 'no-store' })
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
    const data = await res.arrayBuffer()
    return await ctx.decodeAudioData(data)
  }

  // Loads a show: the cues that have audio, decoded one after the other. The same show again
  // (more of its cues rendered) keeps what plays and the cue GO plays next.
  async function load(show) {
    const same = state.showId === show.id
    const nextNumber = same && state.cues[state.next] ? state.cues[state.next].number : null
    if (!same) {
      stop()
      state.schedule = []
    }
    state.showId = show.id
    state.cues = (show.cues || []).filter((c) => cueSources(c))
    const at = nextNumber == null ? -1 : state.cues.findIndex((c) => c.number === nextNumber)
    state.next = same ? (at >= 0 ? at : Math.min(state.next, state.cues.length)) : 0
    state.error = ''
    const rate = state.cues.find((c) => c.segments)?.segments.sample_rate || 44100
    context(rate)
    for (const cue of state.cues) {
      if (buffers.has(cue.version_id || cue.number) && state.loaded[cue.number] === 'ready') continue
      state.loaded[cue.number] = 'loading'
      try {
        const got = {}
        for (const [part, url] of Object.entries(cueSources(cue))) got[part] = await decode(url)
        buffers.set(cue.version_id || cue.number, got)
        state.loaded[cue.number] = 'ready'
      } catch (e) {
        state.loaded[cue.number] = `could not load: ${e.message || e}`
      }
    }
  }

  function planOf(cue) {
    const b = buffers.get(cue.version_id || cue.number)
    if (!b) return null
    if (b.track) return cuePlan(cue, { frames: b.track.length })
    return cuePlan(cue, { introFrames: b.intro ? b.intro.length : 0, loopFrames: b.loop.length, endingFrames: b.ending ? b.ending.length : 0 })
  }

  const nowFrame = () => Math.round(ctx.currentTime * ctx.sampleRate)
  const leadFrames = () => Math.ceil(LEAD_S * ctx.sampleRate)

  // GO: the next cue starts LEAD_S from now; a cue still sounding is cut there (faded over its
  // crossfade when its transition is one).
  async function go() {
    if (!ctx || state.next >= state.cues.length) return false
    if (ctx.state === 'suspended') await ctx.resume()
    const index = state.next
    const cue = state.cues[index]
    const plan = planOf(cue)
    if (!plan) {
      state.error = `Cue ${cue.number} is not loaded.`
      return false
    }
    const goFrame = nowFrame() + leadFrames()
    if (live) release(live, goFrame)
    const b = buffers.get(cue.version_id || cue.number)
    const scheduled = scheduleCue(ctx, master, b, plan, goFrame)
    live = { index, cue, plan, scheduled, buffers: b }
    if (plan.kind === 'track') state.schedule.push({ cue: cue.number, part: 'track', frame: goFrame, frames: plan.frames })
    else {
      if (plan.introFrames > 0 && b.intro) state.schedule.push({ cue: cue.number, part: 'intro', frame: goFrame, frames: plan.introFrames })
      state.schedule.push({ cue: cue.number, part: 'loop', frame: scheduled.timeline.loopStart, frames: plan.loopFrames, loop: true, units: plan.endingOn })
    }
    state.next = index + 1
    state.error = ''
    tick()
    return true
  }

  // "To ending": the ending from the next bar line (or beat) at least LEAD_S away.
  function toEnding() {
    if (!live || live.plan.kind !== 'vamp' || live.scheduled.timeline.endingFrame != null) return false
    const frame = nextBoundary(live.plan, live.scheduled.timeline.loopStart, nowFrame() + leadFrames())
    scheduleEnding(ctx, live.scheduled, live.buffers, live.plan, frame)
    const loopEntry = [...state.schedule].reverse().find((s) => s.cue === live.cue.number && s.part === 'loop')
    if (loopEntry) loopEntry.stopFrame = frame
    state.schedule.push({ cue: live.cue.number, part: 'ending', frame, frames: live.plan.endingFrames })
    tick()
    return true
  }

  function release(old, atFrame) {
    const t = atFrame / ctx.sampleRate
    const tr = old.cue.transition || {}
    const fade = tr.type === 'crossfade' ? Math.min(10, Math.max(0.5, Number(tr.seconds) || 2)) : CUT_FADE_S
    old.scheduled.nodes.gain.gain.setValueAtTime(1, t)
    old.scheduled.nodes.gain.gain.linearRampToValueAtTime(0, t + fade)
    for (const s of old.scheduled.nodes.sources) {
      try {
        s.stop(t + fade)
      } catch {
        /* already stopped */
      }
    }
    for (const e of state.schedule) if (e.cue === old.cue.number && e.stopFrame == null) e.stopFrame = atFrame
  }

  function stop() {
    if (live && ctx) release(live, nowFrame())
    live = null
    state.current = null
    if (frameId != null) cancelRaf(frameId)
    frameId = null
  }

  // Back to a cue (the operator's standby): GO plays it next.
  function standby(index) {
    if (index >= 0 && index < state.cues.length) state.next = index
  }

  function update() {
    if (!live || !ctx) return
    const now = nowFrame()
    const { plan, scheduled, cue, index } = live
    const clock = cueClock(plan, scheduled.timeline, now, ctx.sampleRate, leadFrames())
    const seg = cue.segments
    const file = seg ? { loopStart: seg.loop_start, loopFrames: seg.loop_frames, rate: seg.sample_rate } : null
    state.current = {
      index,
      number: cue.number,
      title: cue.title,
      endingOn: plan.kind === 'vamp' ? plan.endingOn : null,
      kind: plan.kind,
      ...clock,
      position: filePosition(plan, scheduled.timeline, now, ctx.sampleRate, file),
      endingFrame: scheduled.timeline.endingFrame,
    }
    if (clock.phase === 'done') live = null
  }

  function tick() {
    update()
    if (frameId != null) cancelRaf(frameId)
    frameId = live ? raf(tick) : null
  }

  // For the browser test: the decoded buffers of a cue, and the sample rate.
  function buffersOf(number) {
    const cue = state.cues.find((c) => c.number === number)
    return cue ? buffers.get(cue.version_id || cue.number) : null
  }

  function close() {
    stop()
    if (ctx && ctx.close) ctx.close()
    ctx = null
  }

  return { state, load, go, toEnding, stop, standby, update, close, buffersOf, planOf, context: () => ctx }
}
