// The operator's show player (issue 14): every cue's audio decoded ahead into AudioBuffers
// (a vamp cue's intro, loop and ending segments; a track cue's whole file), GO starting the
// next cue, the loop repeating on its own (an AudioBufferSourceNode with loop = true started on
// the AudioContext clock: gapless by construction, no timer ever switches audio), "to ending"
// stopping the loop and starting the ending on the same frame (the next bar line or beat,
// lib/cueSchedule.js), and the transitions playing themselves: as soon as a cue's end is known
// (GO on a track, "to ending" on a vamp) the cue after it is scheduled on the same clock, on
// the frame a segue or a crossfade puts it (the server's show mix rules, cueSchedule.js
// followFrame), a crossfade with the equal-power curves as AudioParam curves, one value per
// frame; a cut waits for GO. Every start and stop is recorded in `schedule` (context frames),
// which the studio shows and the browser tests check.
//
// Each cue plays through its own two gains: `gain` (its transition's curves) then `cut` (the
// fall when GO cuts it), so the two never meet on one AudioParam.
//
// createShowPlayer({createContext, fetchImpl, now}) -> player; player.state is reactive.
import { reactive } from 'vue'
import { cuePlan, cueClock, cueTimeline, equalPowerCurve, filePosition, followFrame, mixFrames, nextBoundary, tailFrames } from './cueSchedule.js'

export const LEAD_S = 0.06 // how far ahead of the clock a switch is scheduled
const CUT_FADE_S = 0.02 // a cue cut by GO fades this fast (no click)

// Schedules one cue on `ctx` into `destination`: intro and loop (or the track) from `goFrame`.
// Returns the live nodes; scheduleEnding() below adds the ending, scheduleFade() a crossfade.
// Used for playback and, with an OfflineAudioContext, to render the same schedule for a check.
export function scheduleCue(ctx, destination, buffers, plan, goFrame) {
  const sr = ctx.sampleRate
  const gain = ctx.createGain()
  const cut = ctx.createGain()
  gain.connect(cut)
  cut.connect(destination)
  const nodes = { gain, cut, sources: [], loop: null, ending: null }
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

// Sets `param` to the n-frame equal-power curve from `startFrame`: frame startFrame + k gets
// value k of equalPowerCurve(n, direction) (the curve's points one frame apart); a rise ends
// at 1. `param` is a cue's gain.gain (its transition) or cut.gain (GO during a crossfade cue).
export function setEqualPower(param, sampleRate, startFrame, n, direction) {
  if (n <= 0) return
  const curve = equalPowerCurve(n, direction)
  const t = startFrame / sampleRate
  const set = () => (n === 1 ? param.setValueAtTime(curve[0], t) : param.setValueCurveAtTime(curve, t, (n - 1) / sampleRate))
  try {
    set()
  } catch {
    // A fall starting on the very frame a rise set its final 1 (a cue crossfaded in and out
    // back to back): the fall wins that frame.
    param.cancelScheduledValues(t)
    set()
  }
  if (direction === 'in') param.setValueAtTime(1, (startFrame + n) / sampleRate)
}

// A crossfade on a scheduled cue: its transition gain rises ('in') or falls ('out') over n
// frames from `startFrame`.
export function scheduleFade(ctx, scheduled, startFrame, n, direction) {
  setEqualPower(scheduled.nodes.gain.gain, ctx.sampleRate, startFrame, n, direction)
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
    current: null, // {index, number, title, phase, elapsed, remaining, vamping, position, endingOn, follower}
    following: [], // numbers of the cues scheduled to start by themselves, not started yet
    schedule: [], // [{cue, part, frame, frames, stopFrame?, loop?, via?, fade?}] in context frames
    sampleRate: 0,
    error: '',
  })
  let ctx = null
  let master = null
  const buffers = new Map() // cue number -> {intro, loop, ending} | {track}
  let playing = [] // what sounds or is scheduled to, in start order: {index, cue, plan, scheduled, buffers, tail, fadeIn}
  let frameId = null
  let moved = false // the operator has played or stood by a cue of this show

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
    // Until the operator plays or stands by a cue, the first cue stands by (cues render in any
    // order: the first to load is not the first of the show).
    if (!same) moved = false
    state.next = same && moved ? (at >= 0 ? at : Math.min(state.next, state.cues.length)) : 0
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
  const ready = (cue) => state.loaded[cue.number] === 'ready'

  // A vamp cue's tail in context frames (its bar is given in the file's frames).
  function tailOf(cue, plan) {
    const seg = cue.segments
    if (!seg || !seg.frames_per_bar) return 0
    return tailFrames(plan, cue.ending, (seg.frames_per_bar * ctx.sampleRate) / (seg.sample_rate || ctx.sampleRate))
  }

  // Starts cue `index` on `goFrame` (fading in over `fadeIn` frames), records it, and lets the
  // cue after it follow when its end is known.
  function start(index, goFrame, { fadeIn = 0, via = null } = {}) {
    const cue = state.cues[index]
    const plan = planOf(cue)
    const b = buffers.get(cue.version_id || cue.number)
    const scheduled = scheduleCue(ctx, master, b, plan, goFrame)
    if (fadeIn > 0) scheduleFade(ctx, scheduled, goFrame, fadeIn, 'in')
    const entry = { index, cue, plan, scheduled, buffers: b, tail: tailOf(cue, plan), fadeIn }
    playing.push(entry)
    const how = via ? { via, fade: fadeIn } : {}
    if (plan.kind === 'track') state.schedule.push({ cue: cue.number, part: 'track', frame: goFrame, frames: plan.frames, ...how })
    else {
      if (plan.introFrames > 0 && b.intro) state.schedule.push({ cue: cue.number, part: 'intro', frame: goFrame, frames: plan.introFrames, ...how })
      state.schedule.push({ cue: cue.number, part: 'loop', frame: scheduled.timeline.loopStart, frames: plan.loopFrames, loop: true, units: plan.endingOn, ...(plan.introFrames > 0 && b.intro ? {} : how) })
    }
    state.next = index + 1
    follow(entry)
    return entry
  }

  // The cue after `entry` scheduled by itself when entry's end is known and its transition is a
  // segue or a crossfade (and that cue is loaded); a chain of them goes on at once.
  function follow(entry) {
    const index = entry.index + 1
    const cue = state.cues[index]
    if (!cue || cue.number !== entry.cue.number + 1 || !ready(cue)) return
    const plan = planOf(cue)
    const f = followFrame(entry.scheduled.timeline, entry.cue.transition, {
      tail: entry.tail,
      nextFrames: mixFrames(plan, cue.vamp_repeats),
      sampleRate: ctx.sampleRate,
      earliest: nowFrame() + leadFrames(),
      fadeIn: entry.fadeIn,
    })
    if (!f) return
    if (f.fade > 0) scheduleFade(ctx, entry.scheduled, f.start, f.fade, 'out')
    start(index, f.start, { fadeIn: f.fade, via: entry.cue.transition.type })
  }

  // GO: the next cue starts LEAD_S from now. What sounds is cut there (over the equal-power
  // crossfade when the cue sounding last has that transition); what was scheduled to follow
  // by itself and has not started never plays.
  async function go() {
    if (!ctx || state.next >= state.cues.length) return false
    if (ctx.state === 'suspended') await ctx.resume()
    const index = state.next
    const cue = state.cues[index]
    const plan = planOf(cue)
    if (!plan || !ready(cue)) {
      state.error = `Cue ${cue.number} is not loaded.`
      return false
    }
    moved = true
    const goFrame = nowFrame() + leadFrames()
    const sounding = playing.filter((e) => e.scheduled.timeline.goFrame < goFrame && !(e.scheduled.timeline.endFrame != null && e.scheduled.timeline.endFrame <= goFrame))
    const last = sounding[sounding.length - 1]
    const tr = last && last.cue.transition
    const fade = tr && tr.type === 'crossfade' ? Math.max(1, Math.min(Math.round((Number(tr.seconds) || 2) * ctx.sampleRate), mixFrames(plan, cue.vamp_repeats))) : 0
    for (const e of playing) {
      if (e.scheduled.timeline.goFrame >= goFrame) cancel(e, goFrame)
      else release(e, goFrame, e === last ? fade : 0)
    }
    playing = []
    start(index, goFrame, { fadeIn: fade })
    state.error = ''
    tick()
    return true
  }

  // "To ending" on the vamp that sounds: the ending from its next bar line (or beat) at least
  // LEAD_S away; then the cue after it may follow.
  function toEnding() {
    if (!ctx) return false
    const soon = nowFrame() + leadFrames()
    const entry = playing.find((e) => e.plan.kind === 'vamp' && e.scheduled.timeline.endingFrame == null && e.scheduled.timeline.goFrame <= soon)
    if (!entry) return false
    const frame = nextBoundary(entry.plan, entry.scheduled.timeline.loopStart, soon)
    scheduleEnding(ctx, entry.scheduled, entry.buffers, entry.plan, frame)
    const loopEntry = [...state.schedule].reverse().find((s) => s.cue === entry.cue.number && s.part === 'loop')
    if (loopEntry) loopEntry.stopFrame = frame
    state.schedule.push({ cue: entry.cue.number, part: 'ending', frame, frames: entry.plan.endingFrames })
    follow(entry)
    tick()
    return true
  }

  // A sounding cue cut at `atFrame`: a short fall, or the equal-power one over `fade` frames.
  function release(old, atFrame, fade = 0) {
    const t = atFrame / ctx.sampleRate
    const param = old.scheduled.nodes.cut.gain
    if (param.cancelScheduledValues) param.cancelScheduledValues(t)
    let end = t + CUT_FADE_S
    if (fade > 0) {
      setEqualPower(param, ctx.sampleRate, atFrame, fade, 'out')
      end = (atFrame + fade) / ctx.sampleRate
    } else {
      param.setValueAtTime(1, t)
      param.linearRampToValueAtTime(0, end)
    }
    for (const s of old.scheduled.nodes.sources) {
      try {
        s.stop(end)
      } catch {
        /* already stopped */
      }
    }
    for (const e of state.schedule) if (e.cue === old.cue.number && e.stopFrame == null && e.frame < atFrame) e.stopFrame = atFrame
  }

  // A cue scheduled to follow that has not started: it never sounds, and leaves the schedule.
  function cancel(e, atFrame) {
    for (const s of e.scheduled.nodes.sources) {
      try {
        s.stop(atFrame / ctx.sampleRate)
      } catch {
        /* already stopped */
      }
    }
    if (e.scheduled.nodes.cut.disconnect) e.scheduled.nodes.cut.disconnect()
    state.schedule = state.schedule.filter((s) => !(s.cue === e.cue.number && s.frame >= atFrame))
  }

  function stop() {
    if (ctx) {
      const at = nowFrame()
      for (const e of playing) {
        if (e.scheduled.timeline.goFrame >= at) cancel(e, at)
        else release(e, at)
      }
    }
    playing = []
    state.current = null
    state.following = []
    if (frameId != null) cancelRaf(frameId)
    frameId = null
  }

  // Back to a cue (the operator's standby): GO plays it next.
  function standby(index) {
    if (index >= 0 && index < state.cues.length) {
      state.next = index
      moved = true
    }
  }

  // The clock follows the cue that started last (during a crossfade or a segue's tail, the one
  // coming in); cues that have ended leave `playing`.
  function update() {
    if (!ctx || !playing.length) return
    const now = nowFrame()
    const started = playing.filter((e) => e.scheduled.timeline.goFrame <= now)
    const shown = started.length ? started[started.length - 1] : playing[0]
    const { plan, scheduled, cue, index } = shown
    const clock = cueClock(plan, scheduled.timeline, now, ctx.sampleRate, leadFrames())
    const seg = cue.segments
    const file = seg ? { loopStart: seg.loop_start, loopFrames: seg.loop_frames, rate: seg.sample_rate } : null
    const follower = playing.find((e) => e.index === index + 1 && e.scheduled.timeline.goFrame > now)
    state.current = {
      index,
      number: cue.number,
      title: cue.title,
      endingOn: plan.kind === 'vamp' ? plan.endingOn : null,
      kind: plan.kind,
      ...clock,
      position: filePosition(plan, scheduled.timeline, now, ctx.sampleRate, file),
      endingFrame: scheduled.timeline.endingFrame,
      follower: follower ? { number: follower.cue.number, title: follower.cue.title, via: cue.transition.type, in: (follower.scheduled.timeline.goFrame - now) / ctx.sampleRate } : null,
    }
    state.following = playing.filter((e) => e.scheduled.timeline.goFrame > now).map((e) => e.cue.number)
    playing = playing.filter((e) => !(e.scheduled.timeline.endFrame != null && now >= e.scheduled.timeline.endFrame))
  }

  function tick() {
    update()
    if (frameId != null) cancelRaf(frameId)
    frameId = playing.length ? raf(tick) : null
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

  return { state, load, go, toEnding, stop, standby, update, close, buffersOf, planOf, tailOf, context: () => ctx }
}
