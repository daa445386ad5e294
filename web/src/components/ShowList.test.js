import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ShowList from './ShowList.vue'

describe('ShowList', () => {
  it('lists the shows with their status, the open one marked; Open and Delete name the show', async () => {
    const shows = [
      { id: 's2', title: 'Matinee', status: 'running', created_at: 'b', cue_count: 1 },
      { id: 's1', title: 'Circus night', status: 'completed', created_at: 'a', cue_count: 8 },
    ]
    const w = mount(ShowList, { props: { shows, openId: 's1' } })
    const rows = w.findAll('li')
    expect(rows.map((r) => r.attributes('data-show-id'))).toEqual(['s2', 's1'])
    expect(rows[0].text()).toContain('1 cue')
    expect(rows[0].find('[data-show-status]').attributes('data-status')).toBe('processing')
    expect(rows[0].find('[data-show-status]').attributes('data-show-status')).toBe('running')
    expect(rows[1].text()).toContain('8 cues')
    expect(rows[1].classes()).toContain('open')
    await w.find('button[aria-label="Open show Matinee"]').trigger('click')
    await w.find('button[aria-label="Delete show Circus night"]').trigger('click')
    expect(w.emitted('open')[0]).toEqual(['s2'])
    expect(w.emitted('remove')[0]).toEqual(['s1'])
    expect(mount(ShowList, { props: { shows: [] } }).text()).toContain('No shows yet')
  })
})
