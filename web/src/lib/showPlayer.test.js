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
    ])
    at(c, cut + 44100)
    player.update()
    expect(player.state.current).toMatchObject({ phase: 'ending', vamping: false })
    expect(player.state.current.remaining).toBeCloseTo(1, 9)
    at(c, cut + 88200)
    player.update()
    expect(player.state.current.phase).toBe('done')
    expect(player.state.next).toBe(1)
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
