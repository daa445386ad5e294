import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ShowPlayer from './ShowPlayer.vue'
import { createShowPlayer } from '../lib/showPlayer.js'
import { FakeAudioContext, completedShow, fakeApi, fakeAudioFetch, showAudioFrames } from '../testing/fakes.js'

async function mountPlayer() {
  let ctx = null
  const player = createShowPlayer({ createContext: (r) => (ctx = new FakeAudioContext({ sampleRate: r })), fetchImpl: fakeAudioFetch(showAudioFrames()), raf: () => 1, cancelRaf: () => {} })
  const show = completedShow()
  await player.load(show)
  const w = mount(ShowPlayer, { props: { show, player }, global: { provide: { api: fakeApi() } }, attachTo: document.body })
  await flushPromises()
  return { w, player, ctx }
}
const key = (k, target = window) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }))

describe('ShowPlayer', () => {
  afterEach(() => (document.body.innerHTML = ''))

  it('space is GO, E is "to ending", and the big clock follows the cue', async () => {
    const { w, player, ctx } = await mountPlayer()
    expect(w.find('[data-testid="player-ready"]').text()).toBe('Ready')
    expect(w.find('[data-testid="clock-cue"]').text()).toBe('Standing by: 1. Opening')
    expect(w.find('li[data-cue="1"]').attributes('data-state')).toBe('next')
    expect(w.find('.end').attributes('disabled')).toBeDefined()
    key(' ')
    await flushPromises()
    expect(ctx.sources.length).toBe(2)
    expect(w.find('[data-testid="clock-cue"]').text()).toBe('1. Opening')
    expect(w.find('[data-testid="clock-phase"]').text()).toBe('Intro')
    expect(w.find('li[data-cue="1"]').attributes('data-state')).toBe('live')
    // 1.5 s in (the GO lead is 0.06 s): half way through the intro; the soonest end is the
    // loop's start plus the ending.
    ctx.currentTime = 1.56
    player.update()
    await flushPromises()
    expect(w.find('[data-testid="clock-elapsed"]').text()).toBe('0:01.5')
    expect(w.find('[data-testid="clock-remaining"]').text()).toBe('≥0:02.5')
    expect(w.text()).toContain('Remaining (at least)')
    key('e')
    await flushPromises()
    expect(ctx.sources.length).toBe(4) // the ending, and cue 2 following by segue
    expect(w.find('[data-testid="clock-remaining"]').text()).toBe('0:02.5')
    expect(w.find('li[data-cue="2"]').attributes('data-state')).toBe('follows')
    expect(w.find('li[data-cue="2"] [data-testid="cue-state"]').text()).toBe('Follows by itself')
    expect(w.find('[data-testid="clock-follower"]').text()).toBe('Then 2. Juggler by segue in 0:02.5')
    expect(w.find('li[data-cue="1"] .hint').text()).toContain('then segue')
    expect(w.find('.end').attributes('disabled')).toBeDefined()
    w.unmount()
  })

  it('keys typed into a field are not GO', async () => {
    const { w, ctx } = await mountPlayer()
    const input = document.createElement('input')
    document.body.appendChild(input)
    key(' ', input)
    key('E', input)
    expect(ctx.sources.length).toBe(0)
    w.unmount()
  })

  it('marks each cue’s loop and hits on its waveform', async () => {
    const { w } = await mountPlayer()
    const wave = w.find('.cue-wave[data-cue="1"]')
    expect(wave.find('[data-testid="loop-mark"]').attributes('style')).toContain('left: 25%')
    expect(wave.find('[data-testid="loop-mark"]').attributes('style')).toContain('width: 50%')
    expect(wave.find('[data-testid="hit-mark"]').attributes('data-time')).toBe('2.001')
    expect(w.find('.cue-wave[data-cue="2"] [data-testid="loop-mark"]').exists()).toBe(false)
    w.unmount()
  })
})
