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
