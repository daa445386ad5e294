import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createServerStatus } from './server.js'
import { ApiError } from '../lib/api.js'
import { fakeApi } from '../testing/fakes.js'

describe('the server status', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('online, degraded, offline, and back', async () => {
    let reply = { status: 'healthy', model_service: 'available' }
    const api = fakeApi({
      health: vi.fn(async () => {
        if (reply instanceof Error) throw reply
        return reply
      }),
    })
    const s = createServerStatus(api, { onlineMs: 1000, offlineMs: 500 })
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(s.state.status).toBe('online')
    reply = { status: 'degraded', model_service: 'available' }
    await vi.advanceTimersByTimeAsync(1000)
    expect(s.state.status).toBe('degraded')
    expect(s.state.message).toMatch(/not taking new jobs/)
    reply = new ApiError('down', 0)
    await vi.advanceTimersByTimeAsync(1000)
    expect(s.state.status).toBe('offline')
    reply = { status: 'healthy', model_service: 'available' }
    await vi.advanceTimersByTimeAsync(500) // checks sooner while offline
    expect(s.state.status).toBe('online')
    s.stop()
  })

  it('goes offline at once when another request cannot connect', () => {
    const s = createServerStatus(fakeApi())
    s.report(false, new ApiError('x', 0))
    expect(s.state.status).toBe('offline')
  })
})
