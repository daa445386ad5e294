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
    shows: vi.fn(async () => ({ shows: [] })),
    show: vi.fn(async (id) => {
      throw new ApiError(`Show ${id} not found`, 404)
    }),
    createShow: vi.fn(async (body) => ({ id: 'show-new', status: 'queued', cues: body.cues.map((c, i) => ({ number: i + 1, title: c.title, job_id: `job-${i + 1}` })) })),
    deleteShow: vi.fn(async () => null),
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

// A Web Audio stand-in for the show player: an AudioContext whose clock the test sets, whose
// decodeAudioData returns a buffer of the length the "file" names, and which records every
// source node's start and stop (in seconds, as the player schedules them).
export class FakeAudioContext {
  constructor({ sampleRate = 44100 } = {}) {
    this.sampleRate = sampleRate
    this.currentTime = 0
    this.state = 'suspended'
    this.destination = { name: 'destination' }
    this.sources = []
  }
  resume() {
    this.state = 'running'
    return Promise.resolve()
  }
  close() {
    this.state = 'closed'
    return Promise.resolve()
  }
  createGain() {
    const ramps = []
    const gain = {
      setValueAtTime: (v, t) => ramps.push(['set', v, t]),
      linearRampToValueAtTime: (v, t) => ramps.push(['ramp', v, t]),
      setValueCurveAtTime: (curve, t, d) => ramps.push(['curve', curve, t, d]),
      cancelScheduledValues: (t) => ramps.push(['cancel', t]),
    }
    const node = { ramps, gain, connected: true, connect() {}, disconnect() { node.connected = false } }
    this.gains = this.gains || []
    this.gains.push(node)
    return node
  }
  createBufferSource() {
    const node = { buffer: null, loop: false, startAt: null, stopAt: null, connect() {}, start(t) { node.startAt = t }, stop(t) { node.stopAt = t } }
    this.sources.push(node)
    return node
  }
  // The "file" is JSON: {frames} -> an AudioBuffer-like {length, sampleRate}.
  decodeAudioData(data) {
    const { frames } = JSON.parse(new TextDecoder().decode(data))
    return Promise.resolve({ length: frames, sampleRate: this.sampleRate, duration: frames / this.sampleRate })
  }
}

// fetch for the show player: every URL answers {frames} from the table.
export function fakeAudioFetch(framesByUrl) {
  return vi.fn(async (url) => {
    if (!(url in framesByUrl)) return { ok: false, status: 404 }
    const body = new TextEncoder().encode(JSON.stringify({ frames: framesByUrl[url] }))
    return { ok: true, status: 200, arrayBuffer: async () => body.buffer }
  })
}

// A show of GET /api/v1/shows/{id}: cue 1 a vamp (1 bar intro, 2 bar loop, at 120 BPM 4/4,
// 44100 Hz), cue 2 a 10 s track.
export function completedShow(extra = {}) {
  const seg = (vid, part) => `/api/v1/versions/${vid}/segments/${part}`
  return {
    id: 'show-1',
    title: 'Circus night',
    status: 'completed',
    loudness: 'show',
    created_at: '2026-12-06T20:00:00',
    error: null,
    cues: [
      {
        number: 1, title: 'Opening', job_id: 'job-a', status: 'completed', version_id: 'va', kind: 'vamp',
        tempo_qpm: 120, beats_per_bar: 4, beat_unit: 4, key: 'D major', length_s: 8, start_s: 0,
        vamp_bars: 2, intro_bars: 1, ending: 'button', ending_on: 'bar',
        segments: { sample_rate: 44100, intro_frames: 88200, loop_start: 88200, loop_frames: 176400, ending_frames: 88200 },
        hits: [{ time: 2, kind: 'accent', met: true, landed_at: 2.001, reason: null }],
        transition: { type: 'segue', seconds: 0 },
        links: { audio: '/api/v1/versions/va/audio?format=wav', intro: seg('va', 'intro'), loop: seg('va', 'loop'), ending: seg('va', 'ending'), stems: '/api/v1/versions/va/stems' },
      },
      {
        number: 2, title: 'Juggler', job_id: 'job-b', status: 'completed', version_id: 'vb', kind: 'track',
        tempo_qpm: 100, beats_per_bar: 3, beat_unit: 4, key: 'F major', length_s: 10, start_s: 8,
        vamp_bars: null, intro_bars: null, ending: null, ending_on: 'bar', segments: null, hits: [],
        transition: { type: 'crossfade', seconds: 2 },
        links: { audio: '/api/v1/versions/vb/audio?format=wav', intro: null, loop: null, ending: null, stems: '/api/v1/versions/vb/stems' },
      },
    ],
    links: { mix: '/api/v1/shows/show-1/mix', cue_sheet_csv: '/api/v1/shows/show-1/cue-sheet.csv', cue_sheet_json: '/api/v1/shows/show-1/cue-sheet.json', zip: '/api/v1/shows/show-1/zip' },
    ...extra,
  }
}

export function showAudioFrames() {
  return {
    '/api/v1/versions/va/segments/intro': 88200,
    '/api/v1/versions/va/segments/loop': 176400,
    '/api/v1/versions/va/segments/ending': 88200,
    '/api/v1/versions/vb/audio?format=wav': 441000,
  }
}
