// Every version's <audio> element, so that only one plays at a time, the space bar has one
// thing to play or pause, and A/B switching can hand the playback position from one version
// of a job to another.

export function createPlayers() {
  const players = new Map() // versionId -> { audio, jobId }
  let current = null
  const listeners = new Set()

  const notify = () => listeners.forEach((fn) => fn(current))

  function register(versionId, audio, jobId) {
    players.set(versionId, { audio, jobId })
  }
  function unregister(versionId) {
    players.delete(versionId)
    if (current === versionId) current = null
  }

  // Called when a version starts playing, however it was started.
  function playing(versionId) {
    for (const [id, p] of players) if (id !== versionId && !p.audio.paused) p.audio.pause()
    select(versionId)
  }

  function select(versionId) {
    if (current !== versionId) {
      current = versionId
      notify()
    }
  }

  function play(audio) {
    const r = audio.play()
    if (r && typeof r.catch === 'function') r.catch(() => {})
  }

  // The space bar: the current version, or the first one on the page.
  function toggle() {
    let id = current
    if (!id || !players.has(id)) id = players.keys().next().value
    const p = id && players.get(id)
    if (!p) return false
    if (p.audio.paused) {
      playing(id)
      play(p.audio)
    } else {
      p.audio.pause()
    }
    return true
  }

  // A/B: continue with `versionId` from where this job's current version is.
  function switchTo(versionId) {
    const target = players.get(versionId)
    if (!target) return false
    let from = current && current !== versionId ? players.get(current) : null
    if (from && from.jobId !== target.jobId) from = null
    if (!from) {
      for (const [id, p] of players) {
        if (id !== versionId && p.jobId === target.jobId && !p.audio.paused) from = p
      }
    }
    const position = from ? from.audio.currentTime : target.audio.currentTime
    const resume = from ? !from.audio.paused : false
    if (from) from.audio.pause()
    const limit = Number.isFinite(target.audio.duration) ? target.audio.duration : Infinity
    target.audio.currentTime = Math.min(position, limit)
    select(versionId)
    if (resume) {
      playing(versionId)
      play(target.audio)
    }
    return true
  }

  return {
    register,
    unregister,
    playing,
    select,
    toggle,
    switchTo,
    current: () => current,
    onChange(fn) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
  }
}
