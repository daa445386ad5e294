// The queue and history, kept in step with the server: a full read of GET /api/v1/queue,
// then the server's event stream (GET /api/v1/events) for every change; when the stream drops,
// polling until it is back. History lives in the server's database, so it survives a page
// reload and a server restart. Cancelled jobs leave the server's queue; the studio asks for
// them too (GET /api/v1/queue?include=cancelled), and keeps any cancelled in this session
// that an older server does not list.
import { reactive, computed } from 'vue'

export const EVENT_TYPES = ['created', 'started', 'progress', 'completed', 'failed', 'cancelled', 'removed', 'reordered', 'deleted', 'requeued']
const ACTIVE = new Set(['pending', 'processing'])
const LIVE_FIELDS = ['status', 'progress', 'stage', 'eta_seconds', 'queue_position', 'error']

export const isActive = (job) => ACTIVE.has(job.status)
export const isFinished = (job) => !ACTIVE.has(job.status)

export const FILTERS = [
  { id: 'all', label: 'All', test: () => true },
  { id: 'active', label: 'In progress', test: isActive },
  { id: 'completed', label: 'Done', test: (j) => j.status === 'completed' },
  { id: 'failed', label: 'Failed', test: (j) => j.status === 'failed' },
  { id: 'cancelled', label: 'Cancelled', test: (j) => j.status === 'cancelled' },
]

export function createJobStore(api, options = {}) {
  const {
    EventSourceImpl = globalThis.EventSource,
    pollMs = 3000,
    livePollMs = 30000,
    reconnectMs = 5000,
    server = null, // a server status (store/server.js), told about successes and failures
    now = () => Date.now(),
  } = options

  const state = reactive({
    jobs: {},
    loaded: false,
    loadError: '',
    connection: 'connecting', // live | polling | offline | connecting
  })

  const cancelledHere = new Set() // cancelled while this page was open: kept though unlisted
  let source = null
  let pollTimer = null
  let reconnectTimer = null
  let reloadTimer = null
  let missedEvents = false
  let stopped = true

  function withEta(job) {
    if (job.eta_seconds != null && Number.isFinite(job.eta_seconds)) job.eta_at = now() + job.eta_seconds * 1000
    else job.eta_at = null
    return job
  }

  function put(item) {
    const prev = state.jobs[item.job_id]
    state.jobs[item.job_id] = withEta({ ...(prev || {}), ...item })
  }

  function patch(id, data) {
    const job = state.jobs[id]
    if (!job) return false
    for (const f of LIVE_FIELDS) if (f in data) job[f] = data[f]
    withEta(job)
    return true
  }

  async function load() {
    try {
      const reply = await api.queue()
      const items = (reply && reply.items) || []
      const seen = new Set()
      for (const item of items) {
        seen.add(item.job_id)
        const prev = state.jobs[item.job_id]
        // A reply can be older than the events already applied: a job never goes back from
        // finished to running, nor backwards while running.
        if (prev && isFinished(prev) && ACTIVE.has(item.status)) continue
        if (prev && prev.status === 'processing' && item.status === 'processing' && item.progress < prev.progress) {
          put({ ...item, progress: prev.progress, stage: prev.stage, eta_seconds: prev.eta_seconds })
          continue
        }
        put(item)
      }
      for (const id of Object.keys(state.jobs)) {
        // Cancelled in this session: the server no longer lists it, but the user just saw it.
        if (!seen.has(id) && !cancelledHere.has(id)) delete state.jobs[id]
      }
      state.loaded = true
      state.loadError = ''
      server?.report(true)
      return true
    } catch (e) {
      state.loadError = e.message || 'Could not load the queue.'
      if (e.offline) server?.report(false, e)
      if (state.connection !== 'live') state.connection = e.offline ? 'offline' : 'polling'
      return false
    }
  }

  async function refreshJob(id) {
    try {
      put(await api.queueItem(id))
    } catch (e) {
      if (e.status === 404) {
        try {
          const job = await api.job(id)
          if (state.jobs[id]) patch(id, job)
          if (job.versions && state.jobs[id]) state.jobs[id].versions = job.versions
        } catch {
          /* gone */
        }
      }
    }
  }

  function scheduleReload() {
    clearTimeout(reloadTimer)
    reloadTimer = setTimeout(load, 150)
  }

  function applyEvent(type, data) {
    const id = data && data.job_id
    if (!id) return
    switch (type) {
      case 'created':
        patch(id, data)
        refreshJob(id)
        break
      case 'started':
      case 'progress':
      case 'requeued':
      case 'failed':
        if (!patch(id, data)) refreshJob(id)
        break
      case 'completed':
        patch(id, data)
        refreshJob(id)
        break
      case 'cancelled':
        if (patch(id, { ...data, status: 'cancelled', queue_position: null, stage: '' })) cancelledHere.add(id)
        scheduleReload()
        break
      case 'removed':
      case 'deleted':
        cancelledHere.delete(id)
        delete state.jobs[id]
        scheduleReload()
        break
      case 'reordered':
        scheduleReload()
        break
    }
  }

  function setPolling(ms) {
    clearInterval(pollTimer)
    pollTimer = ms ? setInterval(load, ms) : null
  }

  function openStream() {
    if (stopped) return
    if (!EventSourceImpl) {
      state.connection = 'polling'
      setPolling(pollMs)
      return
    }
    const es = new EventSourceImpl(api.eventsUrl())
    source = es
    es.addEventListener('open', () => {
      if (source !== es) return
      state.connection = 'live'
      setPolling(livePollMs)
      if (missedEvents) {
        missedEvents = false
        load()
      }
    })
    es.addEventListener('error', () => {
      if (source !== es) return
      missedEvents = true
      if (state.connection !== 'offline') state.connection = 'polling'
      setPolling(pollMs)
      // A stream the browser gave up on (readyState CLOSED) is reopened by hand.
      if (es.readyState === 2) {
        es.close()
        source = null
        clearTimeout(reconnectTimer)
        reconnectTimer = setTimeout(openStream, reconnectMs)
      }
    })
    es.addEventListener('resync', () => load())
    for (const type of EVENT_TYPES) {
      es.addEventListener(type, (e) => {
        try {
          applyEvent(type, JSON.parse(e.data))
        } catch {
          /* a malformed event changes nothing */
        }
      })
    }
  }

  function start() {
    if (!stopped) return
    stopped = false
    load()
    openStream()
    setPolling(pollMs)
  }

  function stop() {
    stopped = true
    if (source) source.close()
    source = null
    setPolling(0)
    clearTimeout(reconnectTimer)
    clearTimeout(reloadTimer)
  }

  // ---- actions ---------------------------------------------------------------------------
  async function submit(body) {
    const reply = await api.generate(body)
    if (!state.jobs[reply.job_id]) {
      put({
        job_id: reply.job_id,
        status: 'pending',
        progress: 0,
        stage: '',
        queue_position: reply.queue_position ?? null,
        eta_seconds: reply.eta_seconds ?? null,
        prompt: body.prompt,
        duration: body.duration_s ?? body.duration,
        num_versions: body.num_versions,
        seed: body.seed ?? null,
        lyrics: body.lyrics ?? null,
        provider: body.provider ?? null,
        versions: null,
        error: null,
        created_at: localIso(new Date()),
      })
    }
    return reply.job_id
  }

  async function cancel(id) {
    await api.cancel(id)
    if (patch(id, { status: 'cancelled', queue_position: null, stage: '', eta_seconds: null })) cancelledHere.add(id)
  }

  async function remove(id) {
    try {
      await api.remove(id)
    } catch (e) {
      if (e.status !== 404) throw e
    }
    cancelledHere.delete(id)
    delete state.jobs[id]
  }

  // Moves a queued job one place up (-1) or down (+1) among the queued jobs.
  async function move(id, direction) {
    const queued = queuedJobs.value
    const i = queued.findIndex((j) => j.job_id === id)
    const neighbour = queued[i + direction]
    if (i < 0 || !neighbour || neighbour.queue_position == null) return
    await api.reorder(id, neighbour.queue_position)
    await load()
  }

  async function preset(id) {
    try {
      return await api.preset(id)
    } catch (e) {
      const j = state.jobs[id]
      if (e.status !== 404 || !j) throw e
      return { prompt: j.prompt, duration: j.duration, num_versions: j.num_versions, lyrics: j.lyrics, seed: j.seed, provider: j.provider }
    }
  }

  // ---- views -----------------------------------------------------------------------------
  const all = computed(() => Object.values(state.jobs))
  const queuedJobs = computed(() =>
    all.value.filter((j) => j.status === 'pending').sort((a, b) => (a.queue_position ?? 1e9) - (b.queue_position ?? 1e9)),
  )
  const ordered = computed(() => {
    const running = all.value.filter((j) => j.status === 'processing').sort((a, b) => (a.queue_position ?? 1e9) - (b.queue_position ?? 1e9))
    const done = all.value.filter(isFinished).sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))
    return [...running, ...queuedJobs.value, ...done]
  })
  const counts = computed(() => {
    const c = {}
    for (const f of FILTERS) c[f.id] = all.value.filter(f.test).length
    return c
  })
  // 1-based place among the jobs still waiting, or null.
  function placeInLine(id) {
    const i = queuedJobs.value.findIndex((j) => j.job_id === id)
    return i < 0 ? null : i + 1
  }

  return { state, load, start, stop, applyEvent, submit, cancel, remove, move, preset, refreshJob, ordered, queuedJobs, counts, placeInLine }
}

// The server's timestamps: local time without a zone, like Python's datetime.now().isoformat().
function localIso(d) {
  const p = (n, w = 2) => String(n).padStart(w, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`
}
