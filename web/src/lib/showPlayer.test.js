import { describe, expect, it } from 'vitest'
import { createShowPlayer, cueSources } from './showPlayer.js'
import { FakeAudioContext, completedShow, fakeAudioFetch, showAudioFrames } from '../testing/fakes.js'

function setup() {
  let ctx = null
  const player = createShowPlayer({
    createContext: (rate) => (ctx = new FakeAudioContext({ sampleRate: rate })),
    fetchImpl: fakeAudioFetch(showAudioFrames()),
    raf: () => 1,
    cancelRaf: () => {},
  })
  return { player, ctx: () => ctx }
}
const at = (ctx, frame) => (ctx.currentTime = frame / ctx.sampleRate)
const frames = (ctx, seconds) => Math.round(seconds * ctx.sampleRate)

describe('show player', () => {
  it('fetches a vamp cue’s segments and a track cue’s whole file', () => {
    const show = completedShow()
    expect(cueSources(show.cues[0])).toEqual({ intro: show.cues[0].links.intro, loop: show.cues[0].links.loop, ending: show.cues[0].links.ending })
    expect(cueSources(show.cues[1])).toEqual({ track: show.cues[1].links.audio })
    expect(cueSources({ ...show.cues[0], links: null })).toBe(null)
  })

  it('GO: intro now, the loop looping from the intro’s last frame; E: the ending on the next bar line', async () => {
    const { player, ctx } = setup()
    await player.load(completedShow())
    expect(player.state.loaded).toEqual({ 1: 'ready', 2: 'ready' })
    const c = ctx()
    expect(c.sampleRate).toBe(44100)
    at(c, 12800) // a render quantum boundary
    await player.go()
    expect(c.state).toBe('running')
    const [intro, loop] = c.sources
    const go = 12800 + Math.ceil(0.06 * 44100)
    expect(frames(c, intro.startAt)).toBe(go)
    expect(loop.loop).toBe(true)
    expect(frames(c, loop.startAt)).toBe(go + 88200)
    expect(player.state.current).toMatchObject({ number: 1, phase: 'intro', vamping: true })

    // Two passes and a bit: E lands on the next bar line (a bar is 88200 frames).
    at(c, go + 88200 + 2 * 176400 + 1000)
    expect(player.toEnding()).toBe(true)
    const ending = c.sources[2]
    const cut = go + 88200 + 2 * 176400 + 88200
    expect(frames(c, loop.stopAt)).toBe(cut)
    expect(frames(c, ending.startAt)).toBe(cut)
    expect(player.toEnding()).toBe(false) // once only
    expect(player.state.schedule).toEqual([
      { cue: 1, part: 'intro', frame: go, frames: 88200 },
      { cue: 1, part: 'loop', frame: go + 88200, frames: 176400, loop: true, units: 'bar', stopFrame: cut },
      { cue: 1, part: 'ending', frame: cut, frames: 88200 },
      // Cue 1's transition is a segue: cue 2 follows by itself on the frame cue 1 ends.
      { cue: 2, part: 'track', frame: cut + 88200, frames: 441000, via: 'segue', fade: 0 },
    ])
    expect(frames(c, c.sources[3].startAt)).toBe(cut + 88200)
    expect(player.state.next).toBe(2) // the playhead moves past the cue that follows
    at(c, cut + 44100)
    player.update()
    expect(player.state.current).toMatchObject({ phase: 'ending', vamping: false })
    expect(player.state.current.remaining).toBeCloseTo(1, 9)
    expect(player.state.following).toEqual([2])
    expect(player.state.current.follower).toMatchObject({ number: 2, via: 'segue' })
    expect(player.state.current.follower.in).toBeCloseTo(1, 9)
    at(c, cut + 88200)
    player.update()
    expect(player.state.current).toMatchObject({ number: 2, phase: 'track', elapsed: 0 })
    expect(player.state.following).toEqual([])
    at(c, cut + 88200 + 441000)
    player.update()
    expect(player.state.current.phase).toBe('done')
  })

  it('"to ending" close to a bar line waits for the one after (the switch needs its lead)', async () => {
    const { player, ctx } = setup()
    await player.load(completedShow())
    const c = ctx()
    await player.go()
    const loopStart = player.state.schedule[1].frame
    at(c, loopStart + 88200 - 100)
    player.toEnding()
    expect(player.state.schedule[2].frame).toBe(loopStart + 176400)
  })

  it('GO during a cue cuts it where the next starts; a crossfade cue fades over its seconds', async () => {
    const { player, ctx } = setup()
    await player.load(completedShow())
    const c = ctx()
    await player.go()
    at(c, 44100 * 3)
    await player.go()
    const track = c.sources[2]
    const t = track.startAt
    expect(c.sources[0].stopAt).toBeCloseTo(t + 0.02, 9)
    expect(c.sources[1].stopAt).toBeCloseTo(t + 0.02, 9)
    expect(player.state.current).toMatchObject({ number: 2, kind: 'track', vamping: false })
    expect(player.state.next).toBe(2)
    expect(await player.go()).toBe(false) // the end of the show
    player.standby(1)
    at(c, 44100 * 5)
    await player.go()
    // The track's transition is a 2 s crossfade.
    expect(track.stopAt).toBeCloseTo(c.sources[3].startAt + 2, 9)
  })

  it('says which cue could not load', async () => {
    let ctx = null
    const player = createShowPlayer({ createContext: (r) => (ctx = new FakeAudioContext({ sampleRate: r })), fetchImpl: fakeAudioFetch({}), raf: () => 1, cancelRaf: () => {} })
    await player.load(completedShow())
    expect(player.state.loaded[1]).toMatch(/could not load: .*HTTP 404/)
    expect(await player.go()).toBe(false)
    expect(player.state.error).toBe('Cue 1 is not loaded.')
    expect(ctx.sources).toEqual([])
  })
})

describe('show player: a show still rendering', () => {
  it('loading the same show again (a cue rendered) keeps the cue playing and the next in line', async () => {
    const { player, ctx } = setup()
    const partial = completedShow()
    partial.cues[1] = { ...partial.cues[1], status: 'processing', version_id: null, links: null }
    await player.load(partial)
    expect(player.state.cues.map((c) => c.number)).toEqual([1])
    await player.go()
    expect(player.state.next).toBe(1)
    await player.load(completedShow())
    expect(player.state.cues.map((c) => c.number)).toEqual([1, 2])
    expect(player.state.next).toBe(1)
    expect(player.state.current).toMatchObject({ number: 1 })
    expect(ctx().sources.every((s) => s.stopAt == null)).toBe(true)
    expect(player.state.schedule.length).toBe(2)
  })
})

// A show of three tracks and a vamp for the transitions: 1 (track, 2 s) segues into 2 (track,
// 3 s), which crossfades (0.5 s) into 3 (a vamp whose ending is 1.5 bars: a half-bar tail),
// which segues into 4 (track, 1 s), whose cut waits for GO before 5 (track).
function transitionShow() {
  const base = completedShow()
  const track = (number, vid, transition) => ({ ...base.cues[1], number, title: `Track ${number}`, version_id: vid, transition,
    links: { ...base.cues[1].links, audio: `/api/v1/versions/${vid}/audio?format=wav` } })
  const vamp = { ...base.cues[0], number: 3, title: 'Vamp', ending: 'button', transition: { type: 'segue', seconds: 0 },
    segments: { ...base.cues[0].segments, ending_frames: 132300, frames_per_bar: 88200 } }
  return {
    ...base,
    id: 'show-t',
    cues: [
      track(1, 't1', { type: 'segue', seconds: 0 }),
      track(2, 't2', { type: 'crossfade', seconds: 0.5 }),
      vamp,
      track(4, 't4', { type: 'cut', seconds: 0 }),
      track(5, 't5', { type: 'segue', seconds: 0 }),
    ],
  }
}
function transitionSetup() {
  let ctx = null
  const audio = {
    '/api/v1/versions/t1/audio?format=wav': 88200,
    '/api/v1/versions/t2/audio?format=wav': 132300,
    '/api/v1/versions/va/segments/intro': 88200,
    '/api/v1/versions/va/segments/loop': 176400,
    '/api/v1/versions/va/segments/ending': 132300,
    '/api/v1/versions/t4/audio?format=wav': 44100,
    '/api/v1/versions/t5/audio?format=wav': 44100,
  }
  const player = createShowPlayer({ createContext: (r) => (ctx = new FakeAudioContext({ sampleRate: r })), fetchImpl: fakeAudioFetch(audio), raf: () => 1, cancelRaf: () => {} })
  return { player, ctx: () => ctx }
}

describe('show player: transitions play themselves', () => {
  it('GO on a track: a segue and a crossfade follow on their frames, up to the vamp; the playhead moves past them', async () => {
    const { player, ctx } = transitionSetup()
    await player.load(transitionShow())
    const c = ctx()
    at(c, 12800)
    await player.go()
    const go = 12800 + Math.ceil(0.06 * 44100)
    const n = 22050 // 0.5 s
    expect(player.state.schedule).toEqual([
      { cue: 1, part: 'track', frame: go, frames: 88200 },
      { cue: 2, part: 'track', frame: go + 88200, frames: 132300, via: 'segue', fade: 0 },
      { cue: 3, part: 'intro', frame: go + 88200 + 132300 - n, frames: 88200, via: 'crossfade', fade: n },
      { cue: 3, part: 'loop', frame: go + 88200 + 132300 - n + 88200, frames: 176400, loop: true, units: 'bar' },
    ])
    expect(c.sources.map((s) => frames(c, s.startAt))).toEqual([go, go + 88200, go + 220500 - n, go + 220500 - n + 88200])
    expect(player.state.next).toBe(3) // the vamp's ending is not known: cue 4 waits
    // The crossfade: cue 2's transition gain falls as cos from the overlap's first frame, cue 3's
    // rises as sin over the same frames, one curve point per frame, then holds at 1.
    const [g2, g3] = [c.gains[3], c.gains[5]] // master, then each cue's gain and cut
    const [kind, curve, t, d] = g2.ramps[0]
    expect(kind).toBe('curve')
    expect(frames(c, t)).toBe(go + 220500 - n)
    expect(frames(c, d)).toBe(n - 1)
    expect(curve.length).toBe(n)
    expect(curve[0]).toBeCloseTo(Math.cos(Math.PI / 4 / n), 7)
    expect(g3.ramps[0][0]).toBe('curve')
    expect(frames(c, g3.ramps[0][2])).toBe(go + 220500 - n)
    expect(g3.ramps[0][1][n - 1]).toBeCloseTo(Math.sin((Math.PI / 2) * ((n - 0.5) / n)), 7)
    expect(g3.ramps[1]).toEqual(['set', 1, (go + 220500) / 44100])
  })

  it('E on the vamp: its ending, then the segue on the frame its music ends (the ending less its tail); a cut waits for GO', async () => {
    const { player, ctx } = transitionSetup()
    await player.load(transitionShow())
    const c = ctx()
    player.standby(2)
    await player.go()
    const go = Math.ceil(0.06 * 44100)
    at(c, go + 88200 + 1000)
    player.toEnding()
    const ending = go + 88200 + 88200 // the next bar line
    const tail = 132300 - 88200
    expect(player.state.schedule.slice(2)).toEqual([
      { cue: 3, part: 'ending', frame: ending, frames: 132300 },
      { cue: 4, part: 'track', frame: ending + 132300 - tail, frames: 44100, via: 'segue', fade: 0 },
    ])
    expect(player.state.next).toBe(4) // cue 4 cuts: cue 5 waits for GO
    at(c, ending + 132300 - tail + 44100 + 10)
    player.update()
    player.update()
    expect(player.state.current).toMatchObject({ number: 4, phase: 'done' })
    expect(c.sources.length).toBe(4)
    await player.go()
    expect(player.state.schedule[player.state.schedule.length - 1]).toMatchObject({ cue: 5, part: 'track' })
  })

  it('GO while a cue waits to follow: it never plays, leaves the schedule, and the standby cue plays', async () => {
    const { player, ctx } = transitionSetup()
    await player.load(transitionShow())
    const c = ctx()
    await player.go() // 1, then 2 and 3 follow
    at(c, 44100)
    expect(player.state.next).toBe(3)
    player.standby(3)
    await player.go()
    const goFrame = 44100 + Math.ceil(0.06 * 44100)
    expect(player.state.schedule.map((s) => s.cue)).toEqual([1, 4])
    expect(player.state.schedule[0].stopFrame).toBe(goFrame)
    // Cue 2's and 3's sources stop before they start, their gains are disconnected.
    expect(c.sources.slice(1, 4).every((s) => frames(c, s.stopAt) === goFrame)).toBe(true)
    expect(c.gains.filter((g) => !g.connected).length).toBe(2)
  })
})

describe('show player: cues rendering out of order', () => {
  it('the first cue stands by even when a later one loaded first, until the operator moves', async () => {
    const { player } = setup()
    const partial = completedShow()
    partial.cues[0] = { ...partial.cues[0], status: 'processing', version_id: null, links: null }
    await player.load(partial)
    expect(player.state.cues.map((c) => c.number)).toEqual([2])
    await player.load(completedShow())
    expect(player.state.next).toBe(0)
    player.standby(1)
    await player.load(completedShow())
    expect(player.state.next).toBe(1)
  })
})
