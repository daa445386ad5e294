import { describe, expect, it } from 'vitest'
import { createPlayers } from './players.js'
import { fakeAudio } from '../testing/fakes.js'

describe('players', () => {
  it('A/B hands the position to the other version and keeps playing', () => {
    const p = createPlayers()
    const a = fakeAudio()
    const b = fakeAudio()
    p.register('a', a, 'job')
    p.register('b', b, 'job')
    a.paused = false
    a.currentTime = 6.25
    p.playing('a')
    expect(p.switchTo('b')).toBe(true)
    expect(a.pause).toHaveBeenCalled()
    expect(b.currentTime).toBe(6.25)
    expect(b.play).toHaveBeenCalled()
    expect(p.current()).toBe('b')
  })
  it('A/B while paused moves the position without starting playback', () => {
    const p = createPlayers()
    const a = fakeAudio()
    const b = fakeAudio({ duration: 3 })
    p.register('a', a, 'job')
    p.register('b', b, 'job')
    a.currentTime = 5
    p.select('a')
    p.switchTo('b')
    expect(b.currentTime).toBe(3) // clamped to the shorter version
    expect(b.play).not.toHaveBeenCalled()
  })
  it('only one version plays at a time', () => {
    const p = createPlayers()
    const a = fakeAudio()
    const b = fakeAudio()
    p.register('a', a, 'j1')
    p.register('b', b, 'j2')
    a.paused = false
    p.playing('b')
    expect(a.pause).toHaveBeenCalled()
  })
  it('the space bar toggles the current version, or the first one', () => {
    const p = createPlayers()
    expect(p.toggle()).toBe(false)
    const a = fakeAudio()
    const b = fakeAudio()
    p.register('a', a, 'j')
    p.register('b', b, 'j')
    p.toggle()
    expect(a.paused).toBe(false)
    p.select('b')
    p.toggle()
    expect(b.paused).toBe(false)
    expect(a.paused).toBe(true)
    p.toggle()
    expect(b.paused).toBe(true)
  })
})
