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
