// Fakes for the component tests: an in-memory API with the server's shapes, a scriptable
// EventSource, and a fake <audio> for the player registry.
import { vi } from 'vitest'
import { ApiError } from '../lib/api.js'

export function fakeApi(overrides = {}) {
  const api = {
    calls: [],
    health: vi.fn(async () => ({ status: 'healthy', model_service: 'available', engine: 'omg-builtin 0.1.0', workers: 2 })),
    queue: vi.fn(async () => ({ items: [], total: 0 })),
    queueItem: vi.fn(async (id) => {
      throw new ApiError(`Queue item ${id} not found`, 404)
    }),
    job: vi.fn(async (id) => {
      throw new ApiError(`Job ${id} not found`, 404)
    }),
    generate: vi.fn(async () => ({ job_id: 'job-1', status: 'pending', queue_position: 1, eta_seconds: 2 })),
    interpret: vi.fn(async (body) => ({
      genre: 'circus_march',
      style_name: 'Circus march',
      tempo_bpm: body.bpm || 140,
      key: 'F',
      mode: 'major',
      time_signature: '2/4',
      duration_s: body.duration || 60,
      instruments: ['brass'],
      excluded: ['drums'],
      moods: ['upbeat'],
      ignored: ['please'],
      guessed: ["key: F major (the style's default)"],
      understood: [
        { field: 'style', value: 'circus_march', words: 'circus march' },
        { field: 'tempo', value: '140 bpm', words: '140 bpm' },
      ],
    })),
    styles: vi.fn(async () => ({ styles: [{ id: 'circus_march', name: 'Circus march', description: 'Oom-pah' }, { id: 'waltz', name: 'Waltz' }], total: 2 })),
    providers: vi.fn(async () => {
      throw new ApiError('Not Found', 404)
    }),
    lyrics: vi.fn(async () => {
      throw new ApiError('Lyrics generation is not available in this version of OMG yet; write lyrics by hand or leave them empty.', 501)
    }),
    cancel: vi.fn(async () => ({ message: 'ok' })),
    remove: vi.fn(async () => ({ message: 'ok' })),
    reorder: vi.fn(async () => ({ message: 'ok' })),
    preset: vi.fn(async () => ({ prompt: 'from preset', duration: 45, num_versions: 3, lyrics: null, seed: 7, provider: null, bpm: 99 })),
    peaks: vi.fn(async () => ({ points: 4, duration: 10, min: [-0.5, -0.2, -0.8, -0.1], max: [0.5, 0.3, 0.7, 0.1] })),
    eventsUrl: () => '/api/v1/events',
    ...overrides,
  }
  return api
}

export class FakeEventSource {
  static instances = []
  constructor(url) {
    this.url = url
    this.readyState = 0
    this.listeners = {}
    this.closed = false
    FakeEventSource.instances.push(this)
  }
  addEventListener(type, fn) {
    ;(this.listeners[type] ||= []).push(fn)
  }
  emit(type, data) {
    for (const fn of this.listeners[type] || []) fn(data === undefined ? {} : { data: JSON.stringify(data) })
  }
  open() {
    this.readyState = 1
    this.emit('open')
  }
  fail(closed = false) {
    this.readyState = closed ? 2 : 0
    this.emit('error')
  }
  close() {
    this.closed = true
    this.readyState = 2
  }
}

export function fakeAudio({ duration = 10 } = {}) {
  return {
    paused: true,
    currentTime: 0,
    duration,
    play: vi.fn(function () {
      this.paused = false
      return Promise.resolve()
    }),
    pause: vi.fn(function () {
      this.paused = true
    }),
  }
}

export function completedJob(extra = {}) {
  return {
    job_id: 'job-done',
    status: 'completed',
    progress: 100,
    prompt: 'upbeat circus march with brass',
    duration: 10,
    num_versions: 2,
    seed: null,
    lyrics: null,
    provider: null,
    queue_position: 1,
    stage: '',
    eta_seconds: null,
    error: null,
    created_at: '2025-11-20T14:03:07.123456',
    versions: [
      { id: 'v-1', metadata: { duration: 10, seed: 11, stems: ['piano', 'bass'], sections: [{ name: 'Intro', start_s: 0 }, { name: 'Verse', start_s: 4 }], brief: { key: 'F major', tempo_bpm: 140, time_signature: '2/4', style: 'circus_march' } } },
      { id: 'v-2', metadata: { duration: 10, seed: 12, stems: [], sections: [], brief: { key: 'F major', tempo_bpm: 140 } } },
    ],
    ...extra,
  }
}
