import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { reactive } from 'vue'
import HitPoints from './HitPoints.vue'

describe('HitPoints', () => {
  it('adds, edits and removes rows of the form’s own array', async () => {
    const hits = reactive([])
    const w = mount(HitPoints, { props: { hits } })
    expect(w.find('legend').text()).toBe('Hit points')
    await w.find('#hits-add').trigger('click')
    await w.find('#hits-add').trigger('click')
    expect(hits).toEqual([{ at: '', kind: 'accent' }, { at: '', kind: 'accent' }])
    await w.find('#field-hit-0').setValue('12.5')
    await w.find('#field-hit-kind-0').setValue('stinger')
    await w.find('#field-hit-1').setValue('8:1')
    expect(hits).toEqual([{ at: '12.5', kind: 'stinger' }, { at: '8:1', kind: 'accent' }])
    expect(w.find('label[for="field-hit-1"]').text()).toBe('Hit 2 time')
    expect(w.find('label[for="field-hit-kind-1"]').text()).toBe('Hit 2 kind')
    await w.find('button[aria-label="Remove hit 1"]').trigger('click')
    expect(hits).toEqual([{ at: '8:1', kind: 'accent' }])
    expect(w.emitted('change').length).toBe(6)
    expect(w.findAll('#field-hit-kind-0 option').map((o) => o.attributes('value'))).toEqual(['accent', 'stop', 'stinger', 'section', 'cadence', 'build'])
  })

  it('shows each message beside the row it names', () => {
    const hits = reactive([{ at: '12', kind: 'accent' }, { at: '700', kind: 'stop' }])
    const w = mount(HitPoints, { props: { hits, errors: { 1: 'Input should be less than or equal to 600', list: 'Too many' } } })
    expect(w.find('#field-hit-0').attributes('aria-invalid')).toBe('false')
    const second = w.find('#field-hit-1')
    expect(second.attributes('aria-invalid')).toBe('true')
    expect(w.find(`#${second.attributes('aria-describedby')}`).text()).toBe('Input should be less than or equal to 600')
    expect(w.find('li[data-hit="1"] .field-error').exists()).toBe(true)
    expect(w.find('li[data-hit="0"] .field-error').exists()).toBe(false)
    expect(w.text()).toContain('Too many')
  })
})
