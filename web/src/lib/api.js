// The studio's one door to `omg serve`: same-origin fetch, JSON in and out, and every failure
// turned into an ApiError whose message is a sentence a musician can read.

const FIELD_NAMES = {
  prompt: 'Prompt',
  duration: 'Duration',
  duration_s: 'Duration',
  num_versions: 'Versions',
  seed: 'Seed',
  bpm: 'Tempo',
  key: 'Key',
  time_signature: 'Time signature',
  lyrics: 'Lyrics',
  topic: 'Topic',
  provider: 'Provider',
  style: 'Style',
  body: 'Request',
}

export class ApiError extends Error {
  constructor(message, status = 0, body = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status // 0: the server could not be reached
    this.body = body
  }
  get offline() {
    return this.status === 0
  }
}

// {"detail": "..."} or FastAPI's {"detail": [{loc, msg}]} -> one readable sentence.
export function describeError(body, status) {
  const detail = body && typeof body === 'object' ? body.detail : null
  if (typeof detail === 'string' && detail.trim()) return detail
  if (Array.isArray(detail) && detail.length) {
    return detail
      .map((e) => {
        const loc = Array.isArray(e.loc) ? e.loc.filter((p) => p !== 'body' && typeof p === 'string') : []
        const field = loc.length ? FIELD_NAMES[loc[loc.length - 1]] || loc[loc.length - 1] : ''
        const msg = String(e.msg || 'is not valid').replace(/^Input should be/, 'should be')
        return field ? `${field}: ${msg}` : msg
      })
      .join('; ')
  }
  // The show routes' {"error": {"field", "message"}} (or a plain string).
  const error = body && typeof body === 'object' ? body.error : null
  if (typeof error === 'string' && error.trim()) return error
  if (error && typeof error === 'object' && (error.message || error.msg)) {
    const where = error.field || (Array.isArray(error.loc) ? error.loc.join('.') : '')
    return where ? `${where}: ${error.message || error.msg}` : String(error.message || error.msg)
  }
  if (status === 429) return 'The queue is full right now; try again in a moment.'
  if (status === 503) return 'The server is not taking new work right now; try again in a moment.'
  if (status === 413) return 'That is too much text for one request.'
  if (status >= 500) return `The server had a problem (HTTP ${status}).`
  return `The request failed (HTTP ${status}).`
}

export function createApi({ base = '', fetchImpl } = {}) {
  const doFetch = (...args) => (fetchImpl || globalThis.fetch)(...args)

  async function request(method, path, body, { signal } = {}) {
    let res
    try {
      res = await doFetch(base + path, {
        method,
        headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        cache: 'no-store',
      })
    } catch (e) {
      if (e && e.name === 'AbortError') throw e
      throw new ApiError('The OMG server cannot be reached.', 0)
    }
    const text = await res.text()
    let data = null
    if (text) {
      try {
        data = JSON.parse(text)
      } catch {
        data = null
      }
    }
    if (!res.ok) throw new ApiError(describeError(data, res.status), res.status, data)
    return data
  }

  const enc = encodeURIComponent
  return {
    health: (opts) => request('GET', '/health', undefined, opts),
    // include=cancelled: cancelled jobs leave the server's queue, but stay in the studio's history.
    queue: () => request('GET', '/api/v1/queue?include=cancelled'),
    queueItem: (id) => request('GET', `/api/v1/queue/${enc(id)}`),
    job: (id) => request('GET', `/api/v1/jobs/${enc(id)}`),
    generate: (body) => request('POST', '/api/v1/generate', body),
    interpret: (body, opts) => request('POST', '/api/v1/interpret', body, opts),
    styles: () => request('GET', '/api/v1/styles'),
    providers: () => request('GET', '/api/v1/providers'),
    lyrics: (body) => request('POST', '/api/v1/lyrics/generate', body),
    cancel: (id) => request('DELETE', `/api/v1/queue/${enc(id)}`),
    remove: (id) => request('DELETE', `/api/v1/jobs/${enc(id)}`),
    reorder: (id, position) => request('PATCH', '/api/v1/queue/reorder', { job_id: id, new_position: position }),
    preset: (id) => request('GET', `/api/v1/queue/${enc(id)}/preset`),
    shows: () => request('GET', '/api/v1/shows'),
    show: (id) => request('GET', `/api/v1/shows/${enc(id)}`),
    createShow: (body) => request('POST', '/api/v1/shows', body),
    deleteShow: (id) => request('DELETE', `/api/v1/shows/${enc(id)}`),
    peaks: (versionId, points) => request('GET', `/api/v1/versions/${enc(versionId)}/peaks?points=${points}`),
    eventsUrl: () => `${base}/api/v1/events`,
  }
}

export const FORMATS = ['mp3', 'wav', 'flac', 'ogg']

export const urls = {
  audio: (versionId, format = 'mp3') => `/api/v1/versions/${encodeURIComponent(versionId)}/audio?format=${format}`,
  midi: (versionId) => `/api/v1/versions/${encodeURIComponent(versionId)}/midi`,
  stems: (versionId) => `/api/v1/versions/${encodeURIComponent(versionId)}/stems.zip`,
  stem: (versionId, name) => `/api/v1/versions/${encodeURIComponent(versionId)}/stems/${encodeURIComponent(name)}`,
  lrc: (versionId) => `/api/v1/versions/${encodeURIComponent(versionId)}/lyrics.lrc`,
  vtt: (versionId) => `/api/v1/versions/${encodeURIComponent(versionId)}/lyrics.vtt`,
}

// What /api/v1/providers reports (when the server has it), as [{id, label, available}].
// Servers without the endpoint have one provider: the built-in engine.
export const BUILTIN_PROVIDER = { id: 'builtin', label: 'Built-in engine', available: true }

// GET /api/v1/providers answers {default, providers: [{name, description, available, detail,
// default}]}; plain lists of names are read too.
export function normalizeProviders(reply) {
  const list = Array.isArray(reply) ? reply : reply && Array.isArray(reply.providers) ? reply.providers : []
  const defaultId = reply && typeof reply.default === 'string' ? reply.default : null
  const out = []
  for (const p of list) {
    if (typeof p === 'string') out.push({ id: p, label: providerLabel(p), available: true })
    else if (p && (p.id || p.name)) {
      const id = p.id || p.name
      const entry = { id, label: p.label || providerLabel(id), available: p.available !== false }
      const reason = p.reason || p.error || (p.available === false ? p.detail : '')
      if (reason) entry.reason = reason
      if (p.description) entry.description = p.description
      if (p.default === true || id === defaultId) entry.isDefault = true
      out.push(entry)
    }
  }
  return out.length ? out : [BUILTIN_PROVIDER]
}

function providerLabel(id) {
  const known = {
    builtin: 'Built-in engine',
    'ace-step': 'ACE-Step',
    'acestep-cpp': 'ACE-Step (C++)',
    'omg-model-service': 'OMG model service',
    'song-generation': 'SongGeneration',
  }
  return known[id] || id
}
