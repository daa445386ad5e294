import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createJobStore } from './jobs.js'
import { fakeApi, FakeEventSource, completedJob } from '../testing/fakes.js'
import { ApiError } from '../lib/api.js'

const item = (id, status, pos, extra = {}) => ({ job_id: id, status, queue_position: pos, progress: status === 'completed' ? 100 : 0, prompt: id, duration: 10, num_versions: 1, created_at: `2025-01-01T00:00:0${pos}`, versions: null, ...extra })

describe('the job store', () => {
  beforeEach(() => {
    FakeEventSource.instances = []
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('loads the history, follows events and fetches the versions when a job completes', async () => {
    const api = fakeApi({ queue: vi.fn(async () => ({ items: [item('a', 'pending', 1)] })) })
    api.queueItem = vi.fn(async () => completedJob({ job_id: 'a' }))
    const store = createJobStore(api, { EventSourceImpl: FakeEventSource })
    store.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(store.state.jobs.a.status).toBe('pending')
    const es = FakeEventSource.instances[0]
    es.open()
    expect(store.state.connection).toBe('live')
    es.emit('started', { job_id: 'a', status: 'processing', progress: 0, stage: 'compose', eta_seconds: 3 })
    es.emit('progress', { job_id: 'a', status: 'processing', progress: 42.5, stage: 'render', eta_seconds: 1.5 })
    expect(store.state.jobs.a).toMatchObject({ status: 'processing', progress: 42.5, stage: 'render' })
    expect(store.state.jobs.a.eta_at).toBeGreaterThan(Date.now())
    es.emit('completed', { job_id: 'a', status: 'completed', progress: 100, versions: ['v-1', 'v-2'] })
    await vi.advanceTimersByTimeAsync(0)
    expect(api.queueItem).toHaveBeenCalledWith('a')
    expect(store.state.jobs.a.versions).toHaveLength(2)
    store.stop()
  })

  it('falls back to polling when the stream drops, and re-reads the state when it is back', async () => {
    const api = fakeApi()
    const store = createJobStore(api, { EventSourceImpl: FakeEventSource, pollMs: 1000, livePollMs: 60000 })
    store.start()
    await vi.advanceTimersByTimeAsync(0)
    const es = FakeEventSource.instances[0]
    es.open()
    const before = api.queue.mock.calls.length
    es.fail()
    expect(store.state.connection).toBe('polling')
    await vi.advanceTimersByTimeAsync(3100)
    expect(api.queue.mock.calls.length).toBeGreaterThanOrEqual(before + 3)
    const polled = api.queue.mock.calls.length
    es.open()
    await vi.advanceTimersByTimeAsync(0)
    expect(api.queue.mock.calls.length).toBe(polled + 1) // one full re-read for what was missed
    await vi.advanceTimersByTimeAsync(5000)
    expect(api.queue.mock.calls.length).toBe(polled + 1) // and no more polling while live
    store.stop()
  })

  it('reopens a stream the browser gave up on', async () => {
    const store = createJobStore(fakeApi(), { EventSourceImpl: FakeEventSource, reconnectMs: 2000 })
    store.start()
    FakeEventSource.instances[0].fail(true)
    expect(FakeEventSource.instances[0].closed).toBe(true)
    await vi.advanceTimersByTimeAsync(2100)
    expect(FakeEventSource.instances).toHaveLength(2)
    store.stop()
  })

  it('polls without EventSource at all', async () => {
    const api = fakeApi()
    const store = createJobStore(api, { EventSourceImpl: undefined, pollMs: 500 })
    store.start()
    await vi.advanceTimersByTimeAsync(1100)
    expect(store.state.connection).toBe('polling')
    expect(api.queue.mock.calls.length).toBeGreaterThanOrEqual(3)
    store.stop()
  })

  it('orders running, then waiting by queue position, then finished newest first', async () => {
    const api = fakeApi({
      queue: vi.fn(async () => ({
        items: [item('old', 'completed', 1), item('run', 'processing', 2), item('w2', 'pending', 4), item('w1', 'pending', 3), item('new', 'failed', 5)],
      })),
    })
    const store = createJobStore(api, { EventSourceImpl: undefined })
    await store.load()
    expect(store.ordered.value.map((j) => j.job_id)).toEqual(['run', 'w1', 'w2', 'new', 'old'])
    expect(store.placeInLine('w2')).toBe(2)
    expect(store.counts.value).toMatchObject({ all: 5, active: 3, completed: 1, failed: 1, cancelled: 0 })
  })

  it('moves a waiting job past its neighbour with the neighbour’s position', async () => {
    const api = fakeApi({ queue: vi.fn(async () => ({ items: [item('done', 'completed', 1), item('w1', 'pending', 2), item('w2', 'pending', 3), item('w3', 'pending', 4)] })) })
    const store = createJobStore(api, { EventSourceImpl: undefined })
    await store.load()
    await store.move('w3', -1)
    expect(api.reorder).toHaveBeenLastCalledWith('w3', 3)
    await store.move('w1', +1)
    expect(api.reorder).toHaveBeenLastCalledWith('w1', 3)
    api.reorder.mockClear()
    await store.move('w1', -1) // already first in line
    expect(api.reorder).not.toHaveBeenCalled()
  })

  it('after a reload, cancelled jobs the server lists (include=cancelled) stay in the history', async () => {
    const api = fakeApi({ queue: vi.fn(async () => ({ items: [item('a', 'completed', 1), { ...item('b', 'cancelled', 2), queue_position: null }] })) })
    const store = createJobStore(api, { EventSourceImpl: undefined })
    await store.load()
    expect(store.state.jobs.b.status).toBe('cancelled')
    expect(store.counts.value).toMatchObject({ all: 2, cancelled: 1 })
  })

  it('keeps a job cancelled in this session although the server stops listing it', async () => {
    const items = [item('a', 'processing', 1)]
    const api = fakeApi({ queue: vi.fn(async () => ({ items: [...items] })) })
    const store = createJobStore(api, { EventSourceImpl: undefined })
    await store.load()
    await store.cancel('a')
    items.length = 0
    await store.load()
    expect(store.state.jobs.a.status).toBe('cancelled')
    await store.remove('a')
    expect(store.state.jobs.a).toBeUndefined()
    expect(api.remove).toHaveBeenCalledWith('a')
  })

  it('drops deleted jobs and adds ones created elsewhere', async () => {
    const api = fakeApi({ queue: vi.fn(async () => ({ items: [item('a', 'completed', 1)] })) })
    api.queueItem = vi.fn(async (id) => item(id, 'pending', 2))
    const store = createJobStore(api, { EventSourceImpl: FakeEventSource })
    store.start()
    await vi.advanceTimersByTimeAsync(0)
    const es = FakeEventSource.instances[0]
    es.emit('created', { job_id: 'b', status: 'pending' })
    await vi.advanceTimersByTimeAsync(0)
    expect(store.state.jobs.b.status).toBe('pending')
    es.emit('deleted', { job_id: 'a', status: 'deleted' })
    expect(store.state.jobs.a).toBeUndefined()
    es.emit('progress', { nonsense: true })
    store.stop()
  })

  it('shows a submitted job at once, before any event', async () => {
    const store = createJobStore(fakeApi(), { EventSourceImpl: undefined })
    const id = await store.submit({ prompt: 'p', duration: 10, num_versions: 2, seed: null })
    expect(store.state.jobs[id]).toMatchObject({ status: 'pending', prompt: 'p', num_versions: 2, queue_position: 1 })
  })

  it('tells the server status when the server cannot be reached', async () => {
    const server = { report: vi.fn() }
    const api = fakeApi({
      queue: vi.fn(async () => {
        throw new ApiError('The OMG server cannot be reached.', 0)
      }),
    })
    const store = createJobStore(api, { EventSourceImpl: undefined, server })
    expect(await store.load()).toBe(false)
    expect(server.report).toHaveBeenCalledWith(false, expect.objectContaining({ offline: true }))
    expect(store.state.connection).toBe('offline')
  })
})

describe('the job store, against stale replies', () => {
  it('a queue read that started before a cancel does not bring the job back', async () => {
    let release
    const stale = new Promise((r) => (release = r))
    const api = fakeApi({ queue: vi.fn(async () => ({ items: [item('a', 'processing', 1, { progress: 10 })] })) })
    const store = createJobStore(api, { EventSourceImpl: undefined })
    await store.load()
    api.queue.mockImplementationOnce(() => stale) // a read in flight...
    const inFlight = store.load()
    await store.cancel('a') // ...while the user cancels
    release({ items: [item('a', 'processing', 1, { progress: 12 })] })
    await inFlight
    expect(store.state.jobs.a.status).toBe('cancelled')
    api.queue.mockImplementation(async () => ({ items: [] }))
    await store.load()
    expect(store.state.jobs.a.status).toBe('cancelled')
  })

  it('progress does not go backwards on an older reply', async () => {
    const api = fakeApi({ queue: vi.fn(async () => ({ items: [item('a', 'processing', 1, { progress: 10 })] })) })
    const store = createJobStore(api, { EventSourceImpl: undefined })
    await store.load()
    store.applyEvent('progress', { job_id: 'a', status: 'processing', progress: 55, stage: 'master' })
    await store.load()
    expect(store.state.jobs.a).toMatchObject({ progress: 55, stage: 'master' })
  })
})
