// The shows (issue 14), kept in step with the server: GET /api/v1/shows for the list, GET
// /api/v1/shows/{id} for the one open in the player, and the server's event stream for every
// change (a `show` event when a show's status moves; the cue jobs' own events refresh the open
// show, whose cues are those jobs). Polling while the stream is down, as store/jobs.js does.
import { reactive } from 'vue'

const JOB_EVENTS = ['started', 'progress', 'completed', 'failed', 'cancelled']

export function createShowStore(api, options = {}) {
  const { EventSourceImpl = globalThis.EventSource, pollMs = 4000, refreshMs = 200 } = options
  const state = reactive({
    shows: [], // [{id, title, status, created_at, cue_count}] newest first
    open: null, // the whole GET /api/v1/shows/{id} of the selected show
    loaded: false,
    loadError: '',
    live: false,
  })
  let source = null
  let pollTimer = null
  let refreshTimer = null
  let stopped = true

  async function load() {
    try {
      const reply = await api.shows()
      state.shows = (reply && Array.isArray(reply.shows) ? reply.shows : []).slice()
      state.loaded = true
      state.loadError = ''
      return true
    } catch (e) {
      state.loadError = e.message || 'Could not load the shows.'
      return false
    }
  }

  async function select(id) {
    if (!id) {
      state.open = null
      return null
    }
    const show = await api.show(id)
    state.open = show
    return show
  }

  async function refreshOpen() {
    if (!state.open) return
    try {
      const show = await api.show(state.open.id)
      if (state.open && state.open.id === show.id) state.open = show
    } catch (e) {
      if (e.status === 404) state.open = null
    }
  }

  function laterRefresh() {
    clearTimeout(refreshTimer)
    refreshTimer = setTimeout(refreshOpen, refreshMs)
  }

  function applyShowEvent(data) {
    if (!data || !data.id) return
    const s = state.shows.find((x) => x.id === data.id)
    if (s) {
      if (data.status) s.status = data.status
    } else load()
    if (state.open && state.open.id === data.id) laterRefresh()
  }

  function applyJobEvent(data) {
    const open = state.open
    if (!open || !data || !data.job_id) return
    if ((open.cues || []).some((c) => c.job_id === data.job_id)) laterRefresh()
  }

  function openStream() {
    if (stopped || !EventSourceImpl) return
    const es = new EventSourceImpl(api.eventsUrl())
    source = es
    es.addEventListener('open', () => {
      state.live = true
      load()
    })
    es.addEventListener('error', () => {
      state.live = false
    })
    es.addEventListener('show', (e) => {
      try {
        applyShowEvent(JSON.parse(e.data))
      } catch {
        /* a malformed event changes nothing */
      }
    })
    for (const type of JOB_EVENTS) {
      es.addEventListener(type, (e) => {
        try {
          applyJobEvent(JSON.parse(e.data))
        } catch {
          /* as above */
        }
      })
    }
  }

  function start() {
    if (!stopped) return
    stopped = false
    load()
    openStream()
    pollTimer = setInterval(() => {
      if (!state.live) {
        load()
        refreshOpen()
      }
    }, pollMs)
  }

  function stop() {
    stopped = true
    if (source) source.close()
    source = null
    clearInterval(pollTimer)
    clearTimeout(refreshTimer)
  }

  async function submit(body) {
    const reply = await api.createShow(body)
    if (reply && reply.id && !state.shows.some((s) => s.id === reply.id)) {
      state.shows.unshift({ id: reply.id, title: body.title, status: reply.status || 'queued', created_at: null, cue_count: body.cues.length })
    }
    return reply
  }

  async function remove(id) {
    try {
      await api.deleteShow(id)
    } catch (e) {
      if (e.status !== 404) throw e
    }
    state.shows = state.shows.filter((s) => s.id !== id)
    if (state.open && state.open.id === id) state.open = null
  }

  return { state, load, select, refreshOpen, start, stop, submit, remove, applyShowEvent, applyJobEvent }
}
