import { describe, expect, it } from 'vitest'
import { boundaryFrame, cueClock, cuePlan, cueTimeline, equalPowerCurve, filePosition, followFrame, loopPasses, loopUnits, mixCueAt, mixFrames, nextBoundary, tailFrames } from './cueSchedule.js'

// A 4-bar vamp at 120 BPM in 4/4 at 44100 Hz: a bar is 88200 frames, the loop 352800.
const vamp = (extra = {}) => cuePlan({ vamp_bars: 4, beats_per_bar: 4, ending_on: 'bar', ...extra }, { introFrames: 88200, loopFrames: 352800, endingFrames: 66150 })

describe('cue plans', () => {
  it('reads a vamp from its segment lengths and a track from its length', () => {
    expect(vamp()).toEqual({ kind: 'vamp', introFrames: 88200, loopFrames: 352800, endingFrames: 66150, vampBars: 4, beatsPerBar: 4, endingOn: 'bar' })
    expect(cuePlan({ kind: 'track' }, { frames: 1000 })).toEqual({ kind: 'track', frames: 1000 })
    expect(cuePlan({ vamp_bars: 2, ending_on: 'nonsense' }, { loopFrames: 10 }).endingOn).toBe('bar')
    expect(loopUnits(vamp())).toBe(4)
    expect(loopUnits(vamp({ ending_on: 'beat' }))).toBe(16)
  })
})

describe('the next bar line or beat', () => {
  const p = vamp()
  const loopStart = 1000 + 88200

  it('is the loop start while the intro plays, and a bar line of the loop after', () => {
    expect(nextBoundary(p, loopStart, 1000)).toBe(loopStart)
    expect(nextBoundary(p, loopStart, loopStart)).toBe(loopStart)
    expect(nextBoundary(p, loopStart, loopStart + 1)).toBe(loopStart + 88200)
    expect(nextBoundary(p, loopStart, loopStart + 88200)).toBe(loopStart + 88200)
    expect(nextBoundary(p, loopStart, loopStart + 88201)).toBe(loopStart + 176400)
    // The last bar of a pass ends where the next pass starts.
    expect(nextBoundary(p, loopStart, loopStart + 352799)).toBe(loopStart + 352800)
    // Third pass, second bar.
    expect(nextBoundary(p, loopStart, loopStart + 2 * 352800 + 5)).toBe(loopStart + 2 * 352800 + 88200)
  })

  it('cuts on the beat when the cue asks for it', () => {
    const b = vamp({ ending_on: 'beat' })
    expect(nextBoundary(b, loopStart, loopStart + 1)).toBe(loopStart + 22050)
    expect(nextBoundary(b, loopStart, loopStart + 352800 + 22051)).toBe(loopStart + 352800 + 44100)
  })

  it('never drifts when a bar is not a whole number of frames', () => {
    // 3 bars in 100001 frames: boundaries at 0, 33334, 66667, then 100001 exactly.
    const odd = cuePlan({ vamp_bars: 3 }, { loopFrames: 100001 })
    expect([0, 1, 2, 3, 4].map((k) => boundaryFrame(odd, 0, k))).toEqual([0, 33334, 66667, 100001, 133335])
    expect(boundaryFrame(odd, 0, 3000)).toBe(1000 * 100001)
    for (const at of [1, 33334, 33335, 99999, 100001, 100002, 5 * 100001 - 1]) {
      const b = nextBoundary(odd, 0, at)
      expect(b).toBeGreaterThanOrEqual(at)
      // It is a boundary, and no boundary lies between `at` and it.
      const k = [...Array(20).keys()].find((i) => boundaryFrame(odd, 0, i) === b)
      expect(k).toBeDefined()
      if (k > 0) expect(boundaryFrame(odd, 0, k - 1)).toBeLessThan(at)
    }
  })
})

describe('the loop schedule', () => {
  it('lays passes end to end, with no gap or overlap, until the ending', () => {
    const p = vamp()
    const t = cueTimeline(p, 500)
    expect(t).toEqual({ goFrame: 500, loopStart: 88700, endingFrame: null, endFrame: null })
    const ending = nextBoundary(p, t.loopStart, t.loopStart + 2 * 352800 + 100000)
    const passes = loopPasses(p, t.loopStart, ending)
    expect(passes).toEqual([88700, 88700 + 352800, 88700 + 705600])
    for (let i = 1; i < passes.length; i++) expect(passes[i] - passes[i - 1]).toBe(p.loopFrames)
    expect(ending).toBe(88700 + 705600 + 176400)
    expect(cueTimeline(p, 500, ending).endFrame).toBe(ending + 66150)
  })

  it('a track ends after its frames', () => {
    expect(cueTimeline(cuePlan({}, { frames: 441000 }), 10)).toEqual({ goFrame: 10, loopStart: null, endingFrame: null, endFrame: 441010 })
  })
})

describe('the clock', () => {
  const sr = 44100
  const p = vamp()
  const t = cueTimeline(p, 0)

  it('while vamping, counts down to the soonest ending: the next bar line plus the ending', () => {
    const now = t.loopStart + 352800 + 1000 // second pass, 1000 frames into its first bar
    const c = cueClock(p, t, now, sr)
    expect(c.phase).toBe('vamp')
    expect(c.vamping).toBe(true)
    expect(c.elapsed).toBeCloseTo(now / sr, 9)
    expect(c.remaining).toBeCloseTo((88200 - 1000 + 66150) / sr, 9)
    // A lead that crosses the bar line moves the soonest ending a bar on.
    expect(cueClock(p, t, t.loopStart + 88000, sr, 2646).remaining).toBeCloseTo((200 + 88200 + 66150) / sr, 9)
    expect(cueClock(p, t, 100, sr).phase).toBe('intro')
  })

  it('after "to ending", counts down to the ending’s last frame, then is done', () => {
    const done = cueTimeline(p, 0, t.loopStart + 88200)
    const c = cueClock(p, done, t.loopStart + 88200 + 22050, sr)
    expect(c).toMatchObject({ phase: 'ending', vamping: false })
    expect(c.remaining).toBeCloseTo(44100 / sr, 9)
    expect(cueClock(p, done, done.endFrame + 5, sr)).toMatchObject({ phase: 'done', remaining: 0 })
  })

  it('a track: elapsed and remaining add up to its length', () => {
    const tr = cuePlan({}, { frames: 441000 })
    const c = cueClock(tr, cueTimeline(tr, 1000), 1000 + 44100, sr)
    expect(c.elapsed).toBe(1)
    expect(c.remaining).toBe(9)
    expect(c.phase).toBe('track')
  })

  it('puts the cursor in the cue file: the loop’s pass folded onto the file’s one loop', () => {
    const file = { loopStart: 88200, loopFrames: 352800, rate: sr }
    expect(filePosition(p, t, 44100, sr, file)).toBe(1)
    expect(filePosition(p, t, t.loopStart + 352800 + 44100, sr, file)).toBe(3)
    const ended = cueTimeline(p, 0, t.loopStart + 2 * 352800 + 88200)
    expect(filePosition(p, ended, ended.endingFrame + 22050, sr, file)).toBe(2 + 8 + 0.5)
  })
})

describe('transitions (as the server’s show timeline places them)', () => {
  const vamp = cuePlan({ vamp_bars: 2, beats_per_bar: 4 }, { introFrames: 100, loopFrames: 800, endingFrames: 1000 })
  const track = cuePlan({}, { frames: 5000 })

  it('a tail is the ending less one bar; none for a fade, a track, or an unknown bar', () => {
    expect(tailFrames(vamp, 'button', 400)).toBe(600)
    expect(tailFrames(vamp, 'ring_out', 400)).toBe(600)
    expect(tailFrames(vamp, 'fade', 400)).toBe(0)
    expect(tailFrames(vamp, 'button', 2000)).toBe(0) // an ending shorter than a bar
    expect(tailFrames(vamp, 'button', 0)).toBe(0)
    expect(tailFrames(track, 'button', 400)).toBe(0)
  })

  it('a segue starts the next cue where the music ends: the end less the tail', () => {
    const tl = cueTimeline(track, 1000)
    expect(followFrame(tl, { type: 'segue', seconds: 0 }, { sampleRate: 100 })).toEqual({ start: 6000, fade: 0 })
    const v = cueTimeline(vamp, 0, 2500)
    expect(followFrame(v, { type: 'segue' }, { tail: 600, sampleRate: 100 })).toEqual({ start: 2900, fade: 0 })
    // Never in the past.
    expect(followFrame(v, { type: 'segue' }, { tail: 600, sampleRate: 100, earliest: 3000 })).toEqual({ start: 3000, fade: 0 })
  })

  it('a crossfade overlaps by its seconds, at most what is left of this cue and the next cue’s length', () => {
    const tl = cueTimeline(track, 1000) // ends at 6000
    expect(followFrame(tl, { type: 'crossfade', seconds: 2 }, { sampleRate: 100 })).toEqual({ start: 5800, fade: 200 })
    expect(followFrame(tl, { type: 'crossfade', seconds: 2 }, { sampleRate: 100, nextFrames: 50 })).toEqual({ start: 5950, fade: 50 })
    expect(followFrame(tl, { type: 'crossfade', seconds: 2 }, { sampleRate: 100, earliest: 5900 })).toEqual({ start: 5900, fade: 100 })
    // A cue that faded in over 4900 frames keeps them: 100 left to fade out over.
    expect(followFrame(tl, { type: 'crossfade', seconds: 2 }, { sampleRate: 100, fadeIn: 4900 })).toEqual({ start: 5900, fade: 100 })
    expect(followFrame(tl, { type: 'crossfade', seconds: 2 }, { sampleRate: 44100 })).toEqual({ start: 1000, fade: 5000 })
  })

  it('a cut, or a vamp still vamping, has nothing follow', () => {
    expect(followFrame(cueTimeline(track, 0), { type: 'cut' }, { sampleRate: 100 })).toBe(null)
    expect(followFrame(cueTimeline(vamp, 0), { type: 'segue' }, { sampleRate: 100 })).toBe(null)
  })

  it('the mix length a crossfade may overlap: the loop played its repeats', () => {
    expect(mixFrames(track)).toBe(5000)
    expect(mixFrames(vamp, 3)).toBe(100 + 3 * 800 + 1000)
    expect(mixFrames(vamp, 0)).toBe(100 + 800 + 1000)
  })

  it('the equal-power curves: sin rising, cos falling, at each frame’s middle; their powers sum to 1', () => {
    const up = equalPowerCurve(4, 'in')
    const down = equalPowerCurve(4, 'out')
    expect(up).toBeInstanceOf(Float32Array)
    expect(up[0]).toBeCloseTo(Math.sin(Math.PI / 16), 7)
    expect(down[3]).toBeCloseTo(Math.cos((7 * Math.PI) / 16), 7)
    for (let k = 0; k < 4; k++) {
      expect(up[k] ** 2 + down[k] ** 2).toBeCloseTo(1, 6)
      expect(up[k]).toBeCloseTo(down[3 - k], 7)
    }
    expect(equalPowerCurve(0, 'in').length).toBe(0)
  })

  it('the show mix’s cue at a time: the last one started', () => {
    const starts = [0, 8.5, 20, null]
    expect(mixCueAt(starts, -1)).toBe(-1)
    expect(mixCueAt(starts, 0)).toBe(0)
    expect(mixCueAt(starts, 8.499)).toBe(0)
    expect(mixCueAt(starts, 8.5)).toBe(1)
    expect(mixCueAt(starts, 999)).toBe(2)
  })
})
