import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import Waveform from './Waveform.vue'

const sections = [{ name: 'Intro', start_s: 0 }, { name: 'Verse 1', start_s: 8 }, { name: 'Chorus', start_s: 20 }]

describe('Waveform', () => {
  it('is a slider named for its version, saying the time and the section', () => {
    const w = mount(Waveform, { props: { peaks: { min: [-1, -0.5], max: [1, 0.5], duration: 30 }, sections, currentTime: 21, duration: 30, label: 'Seek in version 1' } })
    const s = w.find('[role="slider"]')
    expect(s.attributes('aria-label')).toBe('Seek in version 1')
    expect(s.attributes('aria-valuemax')).toBe('30')
    expect(s.attributes('aria-valuenow')).toBe('21')
    expect(s.attributes('aria-valuetext')).toBe('0:21 of 0:30, Chorus')
    expect(w.findAll('.mark').map((m) => m.text())).toEqual(['Intro', 'Verse 1', 'Chorus'])
    expect(w.findAll('.mark')[1].attributes('style')).toContain('left: 26.6')
    expect(w.find('.mark.now').text()).toBe('Chorus')
  })

  it('seeks with the keyboard', async () => {
    const w = mount(Waveform, { props: { peaks: null, sections: [], currentTime: 10, duration: 30, label: 'Seek' } })
    const s = w.find('[role="slider"]')
    await s.trigger('keydown', { key: 'ArrowRight' })
    await s.trigger('keydown', { key: 'ArrowLeft' })
    await s.trigger('keydown', { key: 'Home' })
    await s.trigger('keydown', { key: 'End' })
    await s.trigger('keydown', { key: 'PageDown' })
    expect(w.emitted('seek').map((e) => e[0])).toEqual([15, 5, 0, 30, 0])
  })
})

describe('Waveform hit points and tempo', () => {
  const hits = [
    { time: 12.5, kind: 'accent', time_s: 12.5, met: true, bar: 7, landed_s: 12.5 },
    { bar_beat: '40:1', kind: 'stop', time_s: 95, met: false, reason: 'after the end of the music' },
  ]
  const tempoMap = [{ tick: 0, start_s: 0, qpm: 120 }, { tick: 7680, start_s: 8, qpm: 110 }, { tick: 15360, start_s: 20, qpm: 121.6 }]

  it('marks each landed hit at its time with its kind, and lists the unmet with their reason', () => {
    const w = mount(Waveform, { props: { peaks: null, sections, hits, currentTime: 0, duration: 50, label: 'Seek' } })
    const marks = w.findAll('[data-testid="hit-mark"]')
    expect(marks.length).toBe(1)
    expect(marks[0].text()).toBe('Accent')
    expect(marks[0].attributes('data-kind')).toBe('accent')
    expect(marks[0].attributes('style')).toContain('left: 25%')
    expect(marks[0].attributes('aria-label')).toBe('Accent hit at 0:12, bar 7')
    expect(w.find('[data-testid="hits-unmet"]').text()).toBe('Stop at bar 40 beat 1: not met (after the end of the music)')
  })

  it('shows the tempo at each section and a tempo line only when the tempo moves', () => {
    const w = mount(Waveform, { props: { peaks: null, sections, tempoMap, currentTime: 0, duration: 30, label: 'Seek' } })
    expect(w.findAll('[data-testid="section-tempo"]').map((t) => t.text())).toEqual(['♩120', '♩110', '♩122'])
    const line = w.find('[data-testid="tempo-line"]')
    expect(line.attributes('aria-label')).toBe('Tempo from 110 to 122 BPM')
    expect(line.find('polyline').attributes('points').split(' ')[0]).toBe('0.00,2.38')
    const steady = mount(Waveform, { props: { peaks: null, sections, tempoMap: [tempoMap[0]], currentTime: 0, duration: 30, label: 'Seek' } })
    expect(steady.find('[data-testid="section-tempo"]').exists()).toBe(false)
    expect(steady.find('[data-testid="tempo-line"]').exists()).toBe(false)
    expect(steady.find('[data-testid="hit-mark"]').exists()).toBe(false)
  })
})
