import { describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { reactive } from 'vue'
import GenerateForm from './GenerateForm.vue'
import { defaultForm } from '../store/form.js'
import { ApiError } from '../lib/api.js'
import { fakeApi } from '../testing/fakes.js'

function setup({ submit = vi.fn(async () => 'job-1'), form = {} } = {}) {
  const state = reactive({ ...defaultForm(), ...form })
  const jobs = { submit }
  const wrapper = mount(GenerateForm, {
    props: { form: state, styles: [{ id: 'circus_march', name: 'Circus march' }, { id: 'waltz', name: 'Waltz' }], providers: [{ id: 'builtin', label: 'Built-in engine', available: true }] },
    global: { provide: { api: fakeApi(), jobs } },
    attachTo: document.body,
  })
  return { wrapper, state, jobs }
}

describe('GenerateForm', () => {
  it('has a textbox labelled Prompt and a button named Generate', () => {
    const { wrapper } = setup()
    const label = wrapper.find('label[for="prompt"]')
    expect(label.text()).toBe('Prompt')
    expect(wrapper.find('#prompt').element.tagName).toBe('TEXTAREA')
    expect(wrapper.find('button[type="submit"]').text()).toBe('Generate')
    for (const id of ['field-duration', 'field-versions', 'field-seed', 'field-bpm', 'field-key', 'field-time-signature', 'field-format', 'field-provider', 'lyrics-topic', 'lyrics-text']) {
      expect(wrapper.find(`label[for="${id}"]`).exists(), id).toBe(true)
    }
    wrapper.unmount()
  })

  it('style quick-picks add to the prompt once', async () => {
    const { wrapper, state } = setup({ form: { prompt: 'happy' } })
    await wrapper.find('button[data-style="circus_march"]').trigger('click')
    expect(state.prompt).toBe('happy, circus march')
    await wrapper.find('button[data-style="circus_march"]').trigger('click')
    expect(state.prompt).toBe('happy, circus march')
    state.prompt = ''
    await wrapper.find('button[data-style="waltz"]').trigger('click')
    expect(state.prompt).toBe('waltz')
    wrapper.unmount()
  })

  it('will not send an empty prompt, and says why', async () => {
    const { wrapper, jobs } = setup()
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(jobs.submit).not.toHaveBeenCalled()
    expect(wrapper.find('#prompt-error').text()).toMatch(/Describe the music/)
    expect(wrapper.find('#prompt').attributes('aria-invalid')).toBe('true')
    wrapper.unmount()
  })

  it('queues the request and tells the page', async () => {
    const { wrapper, jobs } = setup({ form: { prompt: 'long ambient', duration: 600, durationAuto: false, versions: 1, seed: '7' } })
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(jobs.submit).toHaveBeenCalledWith(expect.objectContaining({ prompt: 'long ambient', duration: 300, duration_s: 600, num_versions: 1, seed: 7 }))
    expect(wrapper.emitted('generated')[0]).toEqual(['job-1'])
    wrapper.unmount()
  })

  it('sends the written lyrics, and the Vocals choice as vocals true / false / absent', async () => {
    const { wrapper, jobs } = setup({ form: { prompt: 'circus song', durationAuto: false } })
    await wrapper.find('#lyrics-text').setValue('[Verse]\nTightrope high\n')
    expect(wrapper.find('[data-testid="vocals-auto"]').element.checked).toBe(true)
    await wrapper.find('[data-testid="vocals-off"]').setValue(true)
    expect(wrapper.find('#vocals-hint').text()).toMatch(/Instrumental/)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(jobs.submit).toHaveBeenLastCalledWith(expect.objectContaining({ lyrics: '[Verse]\nTightrope high', vocals: false }))
    await wrapper.find('[data-testid="vocals-on"]').setValue(true)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(jobs.submit).toHaveBeenLastCalledWith(expect.objectContaining({ vocals: true }))
    await wrapper.find('[data-testid="vocals-auto"]').setValue(true)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(jobs.submit.mock.lastCall[0]).not.toHaveProperty('vocals')
    wrapper.unmount()
  })

  it('shows the server’s refusal in words and keeps the form', async () => {
    const submit = vi.fn(async () => {
      throw new ApiError('Duration: should be less than or equal to 300', 422)
    })
    const { wrapper, state } = setup({ submit, form: { prompt: 'x' } })
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toBe('Duration: should be less than or equal to 300')
    expect(state.prompt).toBe('x')
    wrapper.unmount()
  })

  it('says nothing was queued when the server is away', async () => {
    const submit = vi.fn(async () => {
      throw new ApiError('The OMG server cannot be reached.', 0)
    })
    const { wrapper } = setup({ submit, form: { prompt: 'x' } })
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toMatch(/nothing was queued.*kept/)
    wrapper.unmount()
  })

  it('Ctrl+Enter in the prompt generates', async () => {
    const { wrapper, jobs } = setup({ form: { prompt: 'x' } })
    await wrapper.find('#prompt').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(jobs.submit).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })

  it('the duration follows the prompt until it is set by hand', async () => {
    const api = fakeApi({ interpret: vi.fn(async (body) => ({ genre: 'x', style_name: 'X', tempo_bpm: 90, key: 'C', mode: 'major', time_signature: '4/4', duration_s: body.duration || 180, instruments: [], excluded: [], moods: [], ignored: [], guessed: [], understood: [] })) })
    const state = reactive({ ...defaultForm(), prompt: 'calm piano, 3 minutes' })
    const jobs = { submit: vi.fn(async () => 'j') }
    const wrapper = mount(GenerateForm, { props: { form: state }, global: { provide: { api, jobs } } })
    await wrapper.find('form').trigger('submit') // before the debounced preview: asked right away
    await flushPromises()
    expect(api.interpret).toHaveBeenCalledWith({ prompt: 'calm piano, 3 minutes' })
    expect(jobs.submit.mock.calls[0][0].duration).toBe(180)
    expect(state.duration).toBe(180)
    await wrapper.find('#field-duration').setValue('20')
    expect(state.durationAuto).toBe(false)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(jobs.submit.mock.calls[1][0].duration).toBe(20)
    await wrapper.findAll('button').find((b) => b.text() === 'Follow the prompt instead').trigger('click')
    expect(state.durationAuto).toBe(true)
    wrapper.unmount()
  })

  it('duration is typed in seconds, 5 s to 10 min', async () => {
    const { wrapper, state } = setup({ form: { prompt: 'x' } })
    const input = wrapper.find('#field-duration')
    expect(input.attributes('min')).toBe('5')
    expect(input.attributes('max')).toBe('600')
    await input.setValue('95')
    expect(state.duration).toBe(95)
    expect(wrapper.text()).toContain('1 min 35 s')
    wrapper.unmount()
  })
  it('sends the hit points, and puts the server’s 422 beside the row it names', async () => {
    const submit = vi.fn(async () => {
      throw new ApiError('hits: should be less than or equal to 600', 422, { detail: [{ type: 'less_than_equal', loc: ['body', 'hits', 1, 'time'], msg: 'Input should be less than or equal to 600' }] })
    })
    const { wrapper, state } = setup({ submit, form: { prompt: 'trailer', hits: [{ at: '12.5', kind: 'accent' }, { at: '30', kind: 'stop' }] } })
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ hits: [{ time: 12.5, kind: 'accent' }, { time: 30, kind: 'stop' }] }))
    expect(wrapper.find('li[data-hit="1"] .field-error').text()).toBe('Input should be less than or equal to 600')
    expect(wrapper.find('li[data-hit="0"] .field-error').exists()).toBe(false)
    expect(document.activeElement.id).toBe('field-hit-1')
    expect(wrapper.find('.submit-error').text()).toMatch(/hit points/)
    state.hits[1].at = '31'
    await wrapper.find('#field-hit-1').trigger('input')
    expect(wrapper.find('li[data-hit="1"] .field-error').exists()).toBe(false)
    wrapper.unmount()
  })

  it('checks the hit points before sending, as the server would', async () => {
    const { wrapper, jobs } = setup({ form: { prompt: 'trailer', hits: [{ at: '8:0', kind: 'accent' }] } })
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(jobs.submit).not.toHaveBeenCalled()
    expect(wrapper.find('li[data-hit="0"] .field-error').text()).toMatch(/BAR:BEAT/)
    expect(document.activeElement.id).toBe('field-hit-0')
    wrapper.unmount()
  })
})
