import { describe, expect, it, vi } from 'vitest'
import { ApiError, createApi, describeError, normalizeProviders, urls } from './api.js'

const reply = (status, body) => ({ ok: status >= 200 && status < 300, status, text: async () => (body === undefined ? '' : JSON.stringify(body)) })

describe('describeError', () => {
  it('passes a string detail through', () => {
    expect(describeError({ detail: 'Job x not found' }, 404)).toBe('Job x not found')
  })
  it('turns FastAPI 422 lists into field sentences', () => {
    const body = { detail: [{ loc: ['body', 'duration'], msg: 'Input should be less than or equal to 300' }, { loc: ['body', 'num_versions'], msg: 'Field required' }] }
    expect(describeError(body, 422)).toBe('Duration: should be less than or equal to 300; Versions: Field required')
  })
  it('has words for bare statuses', () => {
    expect(describeError(null, 429)).toMatch(/queue is full/)
    expect(describeError(null, 500)).toMatch(/HTTP 500/)
  })
})

describe('createApi', () => {
  it('sends JSON and reads JSON', async () => {
    const fetchImpl = vi.fn(async () => reply(200, { job_id: 'j', status: 'pending' }))
    const api = createApi({ fetchImpl })
    const r = await api.generate({ prompt: 'x', duration: 10 })
    expect(r.job_id).toBe('j')
    const [url, init] = fetchImpl.mock.calls[0]
    expect(url).toBe('/api/v1/generate')
    expect(init.method).toBe('POST')
    expect(JSON.parse(init.body)).toEqual({ prompt: 'x', duration: 10 })
    expect(init.headers['Content-Type']).toBe('application/json')
  })
  it('raises ApiError with the server message and status', async () => {
    const api = createApi({ fetchImpl: async () => reply(501, { detail: 'Lyrics are not available yet' }) })
    await expect(api.lyrics({})).rejects.toMatchObject({ name: 'ApiError', status: 501, message: 'Lyrics are not available yet' })
  })
  it('reports an unreachable server as offline', async () => {
    const api = createApi({
      fetchImpl: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
    const e = await api.queue().catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.offline).toBe(true)
  })
  it('builds the URLs of the routes', async () => {
    const fetchImpl = vi.fn(async () => reply(200, {}))
    const api = createApi({ fetchImpl })
    await api.queue()
    await api.reorder('a b', 3)
    await api.cancel('a/b')
    await api.remove('id1')
    await api.peaks('v1', 480)
    expect(fetchImpl.mock.calls.map((c) => `${c[1].method} ${c[0]}`)).toEqual([
      'GET /api/v1/queue?include=cancelled',
      'PATCH /api/v1/queue/reorder',
      'DELETE /api/v1/queue/a%2Fb',
      'DELETE /api/v1/jobs/id1',
      'GET /api/v1/versions/v1/peaks?points=480',
    ])
    expect(JSON.parse(fetchImpl.mock.calls[1][1].body)).toEqual({ job_id: 'a b', new_position: 3 })
    expect(urls.audio('v1', 'flac')).toBe('/api/v1/versions/v1/audio?format=flac')
    expect(urls.stems('v1')).toBe('/api/v1/versions/v1/stems.zip')
  })
})

describe('normalizeProviders', () => {
  it('falls back to the built-in engine', () => {
    expect(normalizeProviders(null)).toEqual([{ id: 'builtin', label: 'Built-in engine', available: true }])
  })
  it('reads lists of names or objects', () => {
    expect(normalizeProviders(['builtin', 'ace-step']).map((p) => p.label)).toEqual(['Built-in engine', 'ACE-Step'])
    const p = normalizeProviders({ providers: [{ id: 'ace-step', available: false, reason: 'down' }] })
    expect(p).toEqual([{ id: 'ace-step', label: 'ACE-Step', available: false, reason: 'down' }])
  })
  it('reads the server’s provider list with availability and the default', () => {
    const p = normalizeProviders({
      default: 'builtin',
      providers: [
        { name: 'builtin', description: 'OMG engine', configured: true, available: true, detail: '', default: true },
        { name: 'ace-step', description: 'ACE-Step 1.5', configured: false, available: false, detail: 'OMG_ACESTEP_URL is not set', default: false },
      ],
    })
    expect(p).toEqual([
      { id: 'builtin', label: 'Built-in engine', available: true, description: 'OMG engine', isDefault: true },
      { id: 'ace-step', label: 'ACE-Step', available: false, reason: 'OMG_ACESTEP_URL is not set', description: 'ACE-Step 1.5' },
    ])
  })
})
