// The show player's arithmetic (issue 14), in whole sample frames of the AudioContext so that
// every switch lands on a sample: where a cue's segments start, where "to ending" cuts in (the
// next bar line or beat of the vamp), where the cue ends, and the operator's clock. Pure
// functions; no Web Audio here (lib/showPlayer.js schedules what these compute).
//
// A vamp cue plays intro (from the GO frame), then the loop over and over from `loopStart`,
// then the ending from a boundary of the loop: boundary k of a loop cut into `units` parts
// (bars, or beats) lies at loopStart + floor(k / units) * loopFrames + round((k % units) *
// loopFrames / units), so every pass of the loop starts exactly loopFrames after the last
// (no drift from rounding a bar's length) and a boundary never lies past the pass's end.

// A cue's plan from its segment lengths in context frames: {kind: 'vamp', introFrames,
// loopFrames, endingFrames, vampBars, beatsPerBar, endingOn} or {kind: 'track', frames}.
export function cuePlan(cue, lengths) {
  if (lengths && Number.isInteger(lengths.loopFrames) && lengths.loopFrames > 0) {
    return {
      kind: 'vamp',
      introFrames: lengths.introFrames || 0,
      loopFrames: lengths.loopFrames,
      endingFrames: lengths.endingFrames || 0,
      vampBars: Math.max(1, Number(cue.vamp_bars) || 1),
      beatsPerBar: Math.max(1, Number(cue.beats_per_bar) || 4),
      endingOn: cue.ending_on === 'beat' ? 'beat' : 'bar',
    }
  }
  return { kind: 'track', frames: (lengths && lengths.frames) || 0 }
}

// How many parts "to ending" may cut the loop into: its bars, or its beats.
export function loopUnits(plan) {
  return plan.endingOn === 'beat' ? plan.vampBars * plan.beatsPerBar : plan.vampBars
}

// Boundary k of the loop (k = 0 is the loop's first frame), in context frames.
export function boundaryFrame(plan, loopStart, k) {
  const units = loopUnits(plan)
  const pass = Math.floor(k / units)
  return loopStart + pass * plan.loopFrames + Math.round(((k % units) * plan.loopFrames) / units)
}

// The first boundary at or after `atFrame` (the loop's start while the intro still plays).
export function nextBoundary(plan, loopStart, atFrame) {
  if (atFrame <= loopStart) return loopStart
  const units = loopUnits(plan)
  const into = atFrame - loopStart
  let k = Math.floor(into / plan.loopFrames) * units + Math.floor(((into % plan.loopFrames) * units) / plan.loopFrames)
  while (boundaryFrame(plan, loopStart, k) < atFrame) k++
  return boundaryFrame(plan, loopStart, k)
}

// The frames where a cue started at `goFrame` does each thing: {goFrame, loopStart,
// endingFrame (null while vamping), endFrame (null while vamping)}.
export function cueTimeline(plan, goFrame, endingFrame = null) {
  if (plan.kind === 'track') return { goFrame, loopStart: null, endingFrame: null, endFrame: goFrame + plan.frames }
  const loopStart = goFrame + plan.introFrames
  if (endingFrame == null) return { goFrame, loopStart, endingFrame: null, endFrame: null }
  return { goFrame, loopStart, endingFrame, endFrame: endingFrame + plan.endingFrames }
}

// The start frame of every pass of the loop that sounds before `untilFrame` (the ending).
export function loopPasses(plan, loopStart, untilFrame) {
  const out = []
  for (let f = loopStart; f < untilFrame; f += plan.loopFrames) out.push(f)
  return out
}

// The operator's clock at `nowFrame`: {elapsed, remaining, phase, vamping} in seconds.
// While the vamp repeats, `remaining` is the soonest the cue can end: to the next boundary
// after `leadFrames` (the time "to ending" needs to schedule) plus the ending.
export function cueClock(plan, timeline, nowFrame, sampleRate, leadFrames = 0) {
  const now = Math.max(nowFrame, timeline.goFrame)
  const elapsed = (now - timeline.goFrame) / sampleRate
  if (plan.kind === 'track') {
    return { elapsed, remaining: Math.max(0, timeline.endFrame - now) / sampleRate, phase: now >= timeline.endFrame ? 'done' : 'track', vamping: false }
  }
  if (timeline.endingFrame == null) {
    const cut = nextBoundary(plan, timeline.loopStart, now + leadFrames)
    const phase = now < timeline.loopStart ? 'intro' : 'vamp'
    return { elapsed, remaining: (cut - now + plan.endingFrames) / sampleRate, phase, vamping: true }
  }
  let phase = 'ending'
  if (now >= timeline.endFrame) phase = 'done'
  else if (now < timeline.loopStart) phase = 'intro'
  else if (now < timeline.endingFrame) phase = 'vamp'
  return { elapsed, remaining: Math.max(0, timeline.endFrame - now) / sampleRate, phase, vamping: false }
}

// Where in the cue's whole file (intro, one pass of the loop, ending) the frame `nowFrame`
// sounds, in file seconds: the waveform's cursor. `file` = {loopStart, loopFrames} in file
// frames at `fileRate`; context frames are scaled by fileRate / sampleRate.
export function filePosition(plan, timeline, nowFrame, sampleRate, file) {
  const at = Math.max(0, nowFrame - timeline.goFrame) / sampleRate
  if (plan.kind === 'track' || !file) return at
  const now = Math.max(nowFrame, timeline.goFrame)
  const loopAt = file.loopStart / file.rate
  const loopLen = file.loopFrames / file.rate
  if (now < timeline.loopStart) return at
  if (timeline.endingFrame == null || now < timeline.endingFrame) {
    const into = ((now - timeline.loopStart) % plan.loopFrames) / sampleRate
    return loopAt + into
  }
  return loopAt + loopLen + (now - timeline.endingFrame) / sampleRate
}

// ---- transitions: how the next cue follows by itself (src/show/timeline.h, the show mix) ----
//
//   segue      the next cue starts on the frame this cue's music ends: its file's end less its
//              release tail (a vamp's button, stinger or ring-out ending rings on after its
//              final bar, under the next cue); a track has no tail
//   crossfade  they overlap by n frames (the transition's seconds, at most what is left of this
//              cue after `earliest` and at most the next cue's length), this cue falling as
//              cos and the next rising as sin: equal power, the server's curve
//   cut        nothing follows: the next cue waits for GO

// A vamp cue's release tail in frames, as the server counts it (show/rendered.cpp): its ending
// less one bar, none for a fade. `framesPerBar` is in the same frames as the plan.
export function tailFrames(plan, ending, framesPerBar) {
  if (plan.kind !== 'vamp' || ending === 'fade' || !(framesPerBar > 0)) return 0
  return Math.min(plan.endingFrames, Math.max(0, plan.endingFrames - Math.round(framesPerBar)))
}

// How many frames a cue plays in the show mix (its loop `repeats` times): what a crossfade into
// it may overlap at most, as in the server's timeline.
export function mixFrames(plan, repeats = 1) {
  if (plan.kind === 'track') return plan.frames
  return plan.introFrames + Math.max(1, repeats) * plan.loopFrames + plan.endingFrames
}

// Where the cue after one whose timeline ends (endFrame known) starts by itself: {start, fade}
// (fade = the crossfade's frames, 0 for a segue), or null for a cut (or no end yet).
// `earliest` is the first frame that can still be scheduled.
export function followFrame(timeline, transition, { tail = 0, nextFrames = Infinity, sampleRate, earliest = -Infinity, fadeIn = 0 }) {
  if (!timeline || timeline.endFrame == null) return null
  const type = transition && transition.type
  if (type === 'cut') return null
  if (type === 'crossfade') {
    const wanted = Math.round((Number(transition.seconds) || 0) * sampleRate)
    const from = Math.max(earliest, timeline.goFrame + fadeIn)
    const n = Math.max(0, Math.min(wanted, timeline.endFrame - from, nextFrames))
    return { start: timeline.endFrame - n, fade: n }
  }
  return { start: Math.max(earliest, timeline.endFrame - tail), fade: 0 }
}

// The equal-power gain over an n-frame crossfade, one value per frame at the frame's middle as
// the server computes it (show/timeline.cpp): 'in' rises as sin, 'out' falls as cos.
export function equalPowerCurve(n, direction) {
  const out = new Float32Array(Math.max(0, n))
  for (let k = 0; k < n; k++) {
    const x = (Math.PI / 2) * ((k + 0.5) / n)
    out[k] = direction === 'in' ? Math.sin(x) : Math.cos(x)
  }
  return out
}

// Which cue of the continuous show mix sounds at `seconds`: the index of the last cue whose
// start (the cue sheet's start_s) is at or before it; -1 before the first.
export function mixCueAt(starts, seconds) {
  let at = -1
  for (let i = 0; i < starts.length; i++) if (Number.isFinite(starts[i]) && starts[i] <= seconds + 1e-9) at = i
  return at
}
