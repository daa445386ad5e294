import { describe, expect, it, vi } from 'vitest'
import { createShowStore } from './shows.js'
import { fakeApi, FakeEventSource, completedShow } from '../testing/fakes.js'

function setup(overrides = {}) {
  FakeEventSource.instances = []
  const api = fakeApi({
    shows: vi.fn(async () => ({ shows: [{ id: 'show-1', title: 'Circus night', status: 'running', created_at: 'x', cue_count: 2 }] })),
    show: vi.fn(async () => completedShow({ status: 'running' })),
    createShow: vi.fn(async () => ({ id: 'show-2', status: 'queued', cues: [{ number: 1, title: 'A', job_id: 'j' }] })),
    deleteShow: vi.fn(async () => null),
    ...overrides,
  })
  const store = createShowStore(api, { EventSourceImpl: FakeEventSource, refreshMs: 0 })
  return { api, store }
}
const flush = () => new Promise((r) => setTimeout(r, 5))

describe('show store', () => {
  it('lists the shows and follows a show’s status live', async () => {
    const { api, store } = setup()
    store.start()
    await flush()
    expect(store.state.shows[0]).toMatchObject({ id: 'show-1', status: 'running' })
    const es = FakeEventSource.instances[0]
    es.open()
    es.emit('show', { id: 'show-1', status: 'completed' })
    expect(store.state.shows[0].status).toBe('completed')
    // An unknown show: the list is read again.
    const before = api.shows.mock.calls.length
    es.emit('show', { id: 'show-9', status: 'queued' })
    expect(api.shows.mock.calls.length).toBe(before + 1)
    store.stop()
    expect(es.closed).toBe(true)
  })

  it('refreshes the open show when one of its cue jobs moves', async () => {
    const { api, store } = setup()
    store.start()
    await store.select('show-1')
    expect(store.state.open.id).toBe('show-1')
    const es = FakeEventSource.instances[0]
    api.show.mockResolvedValueOnce(completedShow())
    es.emit('completed', { job_id: 'job-b' })
    await flush()
    expect(api.show).toHaveBeenCalledTimes(2)
    expect(store.state.open.status).toBe('completed')
    es.emit('progress', { job_id: 'someone-else' })
    await flush()
    expect(api.show).toHaveBeenCalledTimes(2)
    store.stop()
  })

  it('submits (the new show tops the list) and deletes', async () => {
    const { api, store } = setup()
    await store.load()
    const reply = await store.submit({ title: 'Matinee', cues: [{ title: 'A' }] })
    expect(reply.id).toBe('show-2')
    expect(store.state.shows.map((s) => s.id)).toEqual(['show-2', 'show-1'])
    await store.select('show-1')
    await store.remove('show-1')
    expect(api.deleteShow).toHaveBeenCalledWith('show-1')
    expect(store.state.shows.map((s) => s.id)).toEqual(['show-2'])
    expect(store.state.open).toBe(null)
  })
})
