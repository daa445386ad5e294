// Is the server there? GET /health every few seconds (faster while it is away), plus what the
// other requests notice. online: healthy; degraded: answering but not taking work (shutting
// down) or without its engine; offline: not answering at all.
import { reactive } from 'vue'

export function createServerStatus(api, { onlineMs = 10000, offlineMs = 2000, timeoutMs = 4000 } = {}) {
  const state = reactive({ status: 'checking', info: null, since: Date.now(), message: '' })
  let timer = null
  let running = false

  function set(status, message = '') {
    if (state.status !== status) state.since = Date.now()
    state.status = status
    state.message = message
  }

  async function check() {
    const controller = typeof AbortController !== 'undefined' ? new AbortController() : null
    const t = controller ? setTimeout(() => controller.abort(), timeoutMs) : null
    try {
      const info = await api.health(controller ? { signal: controller.signal } : undefined)
      state.info = info
      const healthy = info && info.status === 'healthy' && info.model_service !== 'unavailable'
      set(healthy ? 'online' : 'degraded', healthy ? '' : describeDegraded(info))
    } catch (e) {
      set('offline', 'The OMG server cannot be reached.')
    } finally {
      if (t) clearTimeout(t)
    }
    schedule()
    return state.status
  }

  function schedule() {
    clearTimeout(timer)
    if (!running) return
    timer = setTimeout(check, state.status === 'offline' ? offlineMs : onlineMs)
  }

  // Other requests' outcomes: a failure to connect means offline now, not in ten seconds.
  function report(ok, error) {
    if (!ok && error && error.offline && state.status !== 'offline') {
      set('offline', 'The OMG server cannot be reached.')
      schedule()
    } else if (ok && state.status === 'offline') {
      check()
    }
  }

  function start() {
    running = true
    check()
  }
  function stop() {
    running = false
    clearTimeout(timer)
  }

  return { state, check, report, start, stop }
}

function describeDegraded(info) {
  if (!info) return 'The server answers, but not normally.'
  if (info.status && info.status !== 'healthy') return 'The server is shutting down or not taking new jobs.'
  return 'The server is running without its music engine.'
}
