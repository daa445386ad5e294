import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { reactive } from 'vue'
import ShowEditor from './ShowEditor.vue'
import { newShow } from '../lib/shows.js'
import { ApiError } from '../lib/api.js'

describe('ShowEditor', () => {
  it('checks before sending, then sends the show', async () => {
    const show = reactive(newShow())
    const submit = vi.fn(async () => ({ id: 'show-1', status: 'queued', cues: [] }))
    const w = mount(ShowEditor, { props: { show, submit } })
    await w.find('form').trigger('submit')
    expect(submit).not.toHaveBeenCalled()
    expect(w.find('[data-testid="show-submit-error"]').text()).toMatch(/^Not sent: Title: Field required; 1 cue needs a look/)
    await w.find('#show-title').setValue('Circus night')
    const key = show.cues[0].key
    await w.find(`#cue-${key}-title`).setValue('Opening')
    await w.find(`#cue-${key}-prompt`).setValue('circus march')
    await w.find(`#cue-${key}-vamp`).setValue('2')
    await w.find(`#cue-${key}-ending-on`).setValue('beat')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ title: 'Circus night', cues: [expect.objectContaining({ title: 'Opening', cue: { intro_bars: 1, vamp_bars: 2, ending: 'button' }, ending_on: 'beat' })] }))
    expect(w.emitted('created')[0][0].id).toBe('show-1')
  })

  it('puts a 422 beside the field it names', async () => {
    const show = reactive(newShow())
    show.title = 'Night'
    Object.assign(show.cues[0], { title: 'A', prompt: 'march' })
    const submit = vi.fn(async () => {
      throw new ApiError('cues[0].cue.vamp_bars: too many', 422, { error: { field: 'cues[0].cue.vamp_bars', message: 'too many' } })
    })
    const w = mount(ShowEditor, { props: { show, submit } })
    await w.find('form').trigger('submit')
    await flushPromises()
    const vamp = w.find(`#cue-${show.cues[0].key}-vamp`)
    expect(vamp.attributes('aria-invalid')).toBe('true')
    expect(w.text()).toContain('too many')
    expect(w.find('[data-testid="show-submit-error"]').text()).toBe('The server did not take it: 1 cue needs a look.')
  })
})
