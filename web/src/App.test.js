import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import App from './App.vue'
import { createJobStore } from './store/jobs.js'
import { createServerStatus } from './store/server.js'
import { createPlayers } from './lib/players.js'
import { createForm, STORAGE_KEY } from './store/form.js'
import { ApiError } from './lib/api.js'
import { fakeApi, completedJob, completedShow, FakeAudioContext, fakeAudioFetch, showAudioFrames } from './testing/fakes.js'
import { createShowStore } from './store/shows.js'
import { createShowPlayer } from './lib/showPlayer.js'

function mountApp(api) {
  const server = createServerStatus(api)
  const jobs = createJobStore(api, { EventSourceImpl: undefined, server })
  const players = createPlayers()
  const form = createForm(localStorage)
  const shows = createShowStore(api, { EventSourceImpl: undefined })
  const showPlayer = createShowPlayer({ createContext: (r) => new FakeAudioContext({ sampleRate: r }), fetchImpl: fakeAudioFetch(showAudioFrames()), raf: () => 1, cancelRaf: () => {} })
  const wrapper = mount(App, { global: { provide: { api, server, jobs, players, form, shows, showPlayer } }, attachTo: document.body })
  return { wrapper, server, jobs, players, form, shows, showPlayer }
}

describe('App', () => {
  afterEach(() => {
    localStorage.clear()
    document.body.innerHTML = ''
  })

  it('shows the health, the API docs link, the styles and the history', async () => {
    const api = fakeApi({ queue: vi.fn(async () => ({ items: [completedJob()] })) })
    const { wrapper } = mountApp(api)
    await flushPromises()
    expect(wrapper.find('[data-testid="health"]').text()).toContain('Server: Online')
    expect(wrapper.find('a[href="/docs"]').text()).toBe('API docs')
    expect(wrapper.find('button[data-style="waltz"]').exists()).toBe(true)
    expect(wrapper.find('li[data-job-id="job-done"]').exists()).toBe(true)
    expect(wrapper.find('#field-provider').text()).toContain('Built-in engine')
    wrapper.unmount()
  })

  it('an unreachable server: a banner, and the typed prompt stays (also in localStorage)', async () => {
    const down = async () => {
      throw new ApiError('The OMG server cannot be reached.', 0)
    }
    const api = fakeApi({ health: vi.fn(down), queue: vi.fn(down), styles: vi.fn(down) })
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ prompt: 'half-written idea' }))
    const { wrapper } = mountApp(api)
    await flushPromises()
    expect(wrapper.find('[data-testid="offline-banner"]').text()).toMatch(/cannot be reached.*kept/)
    expect(wrapper.find('[data-testid="health"]').text()).toContain('Offline')
    expect(wrapper.find('#prompt').element.value).toBe('half-written idea')
    wrapper.unmount()
  })

  it('the space bar plays and pauses, but not while typing', async () => {
    const api = fakeApi({ queue: vi.fn(async () => ({ items: [completedJob()] })) })
    const { wrapper } = mountApp(api)
    await flushPromises()
    const audio = wrapper.find('audio').element
    window.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }))
    expect(audio.paused).toBe(false)
    wrapper.find('#prompt').element.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }))
    expect(audio.paused).toBe(false)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }))
    expect(audio.paused).toBe(true)
    wrapper.unmount()
  })

  it('a preset fills the form', async () => {
    const api = fakeApi({ queue: vi.fn(async () => ({ items: [completedJob()] })) })
    const { wrapper, form } = mountApp(api)
    await flushPromises()
    await wrapper.findAll('li[data-job-id="job-done"] button').find((b) => b.text() === 'Use as preset').trigger('click')
    await flushPromises()
    expect(form).toMatchObject({ prompt: 'from preset', duration: 45, versions: 3, seed: '7', bpm: '99' })
    expect(wrapper.find('.toast').text()).toContain('are in the form')
    wrapper.unmount()
  })

  it('the Show tab: the shows, one opened into the player, and space is GO there (not play)', async () => {
    const api = fakeApi({
      queue: vi.fn(async () => ({ items: [completedJob()] })),
      shows: vi.fn(async () => ({ shows: [{ id: 'show-1', title: 'Circus night', status: 'completed', created_at: 'x', cue_count: 2 }] })),
      show: vi.fn(async () => completedShow()),
    })
    window.location.hash = ''
    const { wrapper, showPlayer } = mountApp(api)
    await flushPromises()
    expect(wrapper.find('a[href="#studio"]').attributes('aria-current')).toBe('page')
    window.location.hash = '#show'
    window.dispatchEvent(new HashChangeEvent('hashchange'))
    await flushPromises()
    expect(wrapper.find('a[href="#show"]').attributes('aria-current')).toBe('page')
    expect(wrapper.find('#prompt').exists()).toBe(false)
    expect(wrapper.find('li[data-show-id="show-1"]').text()).toContain('Circus night')
    await wrapper.find('button[aria-label="Open show Circus night"]').trigger('click')
    await flushPromises()
    await flushPromises()
    expect(wrapper.find('#player-title').text()).toBe('Circus night')
    expect(showPlayer.state.loaded).toEqual({ 1: 'ready', 2: 'ready' })
    document.body.focus()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true }))
    await flushPromises()
    expect(showPlayer.state.current).toMatchObject({ number: 1 })
    window.location.hash = ''
    wrapper.unmount()
  })
})
