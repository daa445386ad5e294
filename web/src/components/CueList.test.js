import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { reactive } from 'vue'
import CueList from './CueList.vue'
import { newCue } from '../lib/shows.js'

function mountList() {
  const show = reactive({ cues: [newCue({ title: 'One' }), newCue({ title: 'Two' }), newCue({ title: 'Three' })] })
  const w = mount(CueList, { props: { show }, attachTo: document.body })
  return { show, w }
}
const titles = (show) => show.cues.map((c) => c.title)

describe('CueList', () => {
  it('adds, removes and moves cues by buttons', async () => {
    const { show, w } = mountList()
    await w.find('button[aria-label="Move cue 1 down"]').trigger('click')
    expect(titles(show)).toEqual(['Two', 'One', 'Three'])
    expect(w.find('[data-testid="cue-list-status"]').text()).toBe('One is now cue 2 of 3.')
    expect(w.find('button[aria-label="Move cue 1 up"]').attributes('disabled')).toBeDefined()
    await w.find('button[aria-label="Remove cue 3"]').trigger('click')
    expect(titles(show)).toEqual(['Two', 'One'])
    await w.findAll('button').find((b) => b.text() === 'Add cue').trigger('click')
    expect(show.cues.length).toBe(3)
    expect(w.find('label[for^="cue-"][for$="-title"]').text()).toBe('Cue 1 title')
    expect(w.emitted('change').length).toBe(3)
    w.unmount()
  })

  it('drags by keyboard: Space picks up, arrows move, Space drops, Escape puts back', async () => {
    const { show, w } = mountList()
    const handle = () => w.find(`#cue-${show.cues.find((c) => c.title === 'One').key}-handle`)
    await handle().trigger('keydown', { key: ' ' })
    expect(handle().attributes('aria-pressed')).toBe('true')
    await handle().trigger('keydown', { key: 'ArrowDown' })
    await handle().trigger('keydown', { key: 'ArrowDown' })
    expect(titles(show)).toEqual(['Two', 'Three', 'One'])
    await handle().trigger('keydown', { key: 'Enter' })
    expect(handle().attributes('aria-pressed')).toBe('false')
    expect(w.find('[data-testid="cue-list-status"]').text()).toBe('Dropped One at place 3.')
    // Arrows do nothing to a cue not picked up.
    await handle().trigger('keydown', { key: 'ArrowUp' })
    expect(titles(show)).toEqual(['Two', 'Three', 'One'])
    await handle().trigger('keydown', { key: ' ' })
    await handle().trigger('keydown', { key: 'ArrowUp' })
    await handle().trigger('keydown', { key: 'ArrowUp' })
    expect(titles(show)).toEqual(['One', 'Two', 'Three'])
    await handle().trigger('keydown', { key: 'Escape' })
    expect(titles(show)).toEqual(['Two', 'Three', 'One'])
    w.unmount()
  })
})
