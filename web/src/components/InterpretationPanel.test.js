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
  it('shows where each hit lands for the seed, or why it cannot', async () => {
    const api = fakeApi()
    const base = api.interpret.getMockImplementation()
    api.interpret.mockImplementation(async (body) => ({
      ...(await base(body)),
      hits_seed: 1,
      hits: [
        { time: 12.5, kind: 'accent', time_s: 12.5, met: true, bar: 7, landed_s: 12.5031 },
        { bar_beat: '40:1', kind: 'stop', time_s: 95, met: false, reason: 'after the end of the music' },
      ],
    }))
    const request = { prompt: 'trailer', hits: [{ time: 12.5, kind: 'accent' }, { bar_beat: '40:1', kind: 'stop' }] }
    const wrapper = mount(InterpretationPanel, { props: { request }, global: { provide: { api } } })
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()
    expect(api.interpret.mock.calls[0][0]).toEqual(request)
    const row = wrapper.find('[data-field="hits"]')
    expect(row.find('dt').text()).toBe('Hit points for seed 1')
    expect(row.find('li[data-hit="0"]').text()).toBe('Accent at 12.5 s: bar 7, 12.50 s')
    expect(row.find('li[data-hit="1"]').text()).toBe('Stop at bar 40 beat 1: not met (after the end of the music)')
    expect(row.find('li[data-hit="1"]').classes()).toContain('unmet')
  })
})
