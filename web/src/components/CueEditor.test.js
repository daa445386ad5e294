import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { reactive } from 'vue'
import CueEditor from './CueEditor.vue'
import { newCue } from '../lib/shows.js'

describe('CueEditor', () => {
  it('a vamp asks for bars, an ending and where "to ending" cuts; a fixed length for seconds', async () => {
    const cue = reactive(newCue())
    const w = mount(CueEditor, { props: { cue, n: 3 } })
    const id = (f) => `#cue-${cue.key}-${f}`
    expect(w.find(`label[for="cue-${cue.key}-vamp"]`).text()).toBe('Cue 3 vamp bars')
    await w.find(id('ending-on')).setValue('beat')
    await w.find(id('ending')).setValue('ring_out')
    expect(cue).toMatchObject({ ending_on: 'beat', ending: 'ring_out' })
    expect(w.find(id('duration')).exists()).toBe(false)
    await w.findAll('input[type="radio"]')[1].setValue(true)
    expect(cue.mode).toBe('track')
    expect(w.find(id('duration')).exists()).toBe(true)
    expect(w.find(id('vamp')).exists()).toBe(false)
    expect(w.find(id('fade')).exists()).toBe(false)
    await w.find(id('transition')).setValue('crossfade')
    expect(w.find(id('fade')).exists()).toBe(true)
    expect(w.emitted('change').length).toBeGreaterThan(0)
  })

  it('shows each message beside its field, and the hits’ beside their rows', () => {
    const cue = reactive(newCue({ hits: [{ at: 'x', kind: 'accent' }] }))
    const w = mount(CueEditor, { props: { cue, n: 1, errors: { vamp_bars: 'Input should be 1 to 64 bars', hits: { 0: 'bad time' } } } })
    expect(w.find(`#cue-${cue.key}-vamp`).attributes('aria-invalid')).toBe('true')
    expect(w.text()).toContain('Input should be 1 to 64 bars')
    expect(w.find('details').attributes('open')).toBeDefined()
    expect(w.find('li[data-hit="0"] .field-error').text()).toBe('bad time')
    const other = mount(CueEditor, { props: { cue, n: 1, errors: { ending_on: "Input should be 'bar' or 'beat'" } } })
    expect(other.find('[data-testid="cue-other-error"]').text()).toBe("ending on: Input should be 'bar' or 'beat'")
  })
})
