import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import InterpretationPanel from './InterpretationPanel.vue'
import { ApiError } from '../lib/api.js'
import { fakeApi } from '../testing/fakes.js'

describe('InterpretationPanel', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks once the typing pauses, and shows style, tempo, key, instruments and ignored words', async () => {
    const api = fakeApi()
    const wrapper = mount(InterpretationPanel, { props: { request: { prompt: 'u' } }, global: { provide: { api } } })
    for (const p of ['up', 'upb', 'upbeat circus march with brass, please']) {
      await wrapper.setProps({ request: { prompt: p } })
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(api.interpret).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()
    expect(api.interpret).toHaveBeenCalledTimes(1)
    expect(api.interpret.mock.calls[0][0]).toEqual({ prompt: 'upbeat circus march with brass, please' })
    const text = wrapper.text()
    expect(text).toContain('Circus march')
    expect(text).toContain('140 BPM')
    expect(text).toContain('F major')
    expect(text).toContain('brass')
    expect(text).toContain('no drums')
    expect(text).toContain('upbeat')
    expect(wrapper.find('[data-field="ignored"] s').text()).toBe('please')
    expect(wrapper.find('[data-field="key"]').text()).toContain('default')
    expect(wrapper.find('[data-field="style"]').text()).toContain('from “circus march”')
  })

  it('sends the overrides and shows the engine’s refusal', async () => {
    const api = fakeApi({
      interpret: vi.fn(async () => {
        throw new ApiError("Unknown key 'H minor'", 422)
      }),
    })
    const wrapper = mount(InterpretationPanel, { props: { request: { prompt: 'sad', key: 'H minor', bpm: 80 } }, global: { provide: { api } } })
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()
    expect(api.interpret.mock.calls[0][0]).toEqual({ prompt: 'sad', key: 'H minor', bpm: 80 })
    expect(wrapper.find('[role="alert"]').text()).toBe("Unknown key 'H minor'")
  })

  it('says what it is for while the prompt is empty, without asking the server', async () => {
    const api = fakeApi()
    const wrapper = mount(InterpretationPanel, { props: { request: { prompt: '' } }, global: { provide: { api } } })
    await vi.advanceTimersByTimeAsync(1000)
    expect(api.interpret).not.toHaveBeenCalled()
    expect(wrapper.text()).toMatch(/Start typing a prompt/)
  })
})
