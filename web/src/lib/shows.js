// A show (issue 14) as the studio writes it: a title and an ordered list of cue rows, checked as
// the server checks them (POST /api/v1/shows, docs in /work/coord/show-api.md's contract), the
// request they become, and a 422's messages put back beside the fields they name.
import { checkHits, sanitizeHits, toHitsRequest } from './hits.js'

export const ENDINGS = [
  { id: 'button', text: 'Button' },
  { id: 'stinger', text: 'Stinger' },
  { id: 'fade', text: 'Fade' },
  { id: 'ring_out', text: 'Ring out' },
]
export const TRANSITIONS = [
  { id: 'segue', text: 'Segue' },
  { id: 'crossfade', text: 'Crossfade' },
  { id: 'cut', text: 'Cut' },
]
export const LOUDNESS = ['show', 'streaming', 'podcast', 'broadcast', 'game']
export const MAX_CUES = 50
export const SHOW_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled']

let nextKey = 1
export function newCue(extra = {}) {
  return {
    key: nextKey++, // the list's own key: survives reordering
    title: '',
    prompt: '',
    style: '',
    mode: 'vamp', // 'vamp' | 'track'
    duration: '30',
    intro_bars: '1',
    vamp_bars: '4',
    ending: 'button',
    ending_on: 'bar',
    transition: 'segue',
    transition_seconds: '2',
    hits: [],
    ...extra,
  }
}

export function newShow() {
  return { title: '', loudness: 'show', keep_compatible: true, seed: '', cues: [newCue()] }
}

const whole = (s) => /^\d+$/.test(String(s ?? '').trim())

// {field: message} for the show's own fields, and cues: [{field: message}] per row.
export function checkShow(show) {
  const errors = { cues: show.cues.map(() => ({})) }
  const title = String(show.title || '').trim()
  if (!title) errors.title = 'Field required'
  else if (title.length > 200) errors.title = 'String should have at most 200 characters'
  if (String(show.seed ?? '').trim() && !whole(show.seed)) errors.seed = 'Input should be a whole number'
  if (!show.cues.length) errors.list = 'A show needs at least one cue'
  if (show.cues.length > MAX_CUES) errors.list = `A show has at most ${MAX_CUES} cues`
  show.cues.forEach((c, i) => {
    const e = errors.cues[i]
    if (!String(c.title || '').trim()) e.title = 'Field required'
    if (!String(c.prompt || '').trim() && !String(c.style || '').trim()) e.prompt = 'Write a prompt or name a style'
    if (c.mode === 'track') {
      const d = Number(c.duration)
      if (!(d >= 5 && d <= 600)) e.duration = 'Input should be from 5 to 600 seconds'
    } else {
      if (!whole(c.intro_bars) || Number(c.intro_bars) > 64) e.intro_bars = 'Input should be 0 to 64 bars'
      if (!whole(c.vamp_bars) || Number(c.vamp_bars) < 1 || Number(c.vamp_bars) > 64) e.vamp_bars = 'Input should be 1 to 64 bars'
    }
    if (c.transition === 'crossfade') {
      const s = Number(c.transition_seconds)
      if (!(s >= 0.5 && s <= 10)) e.transition_seconds = 'Input should be from 0.5 to 10 seconds'
    }
    const hitErrors = checkHits(c.hits || [])
    if (Object.keys(hitErrors).length) e.hits = hitErrors
  })
  return errors
}

export function hasErrors(errors) {
  return Object.keys(errors).some((k) => k !== 'cues') || errors.cues.some((e) => Object.keys(e).length)
}

// The body of POST /api/v1/shows.
export function toShowRequest(show) {
  const body = { title: String(show.title).trim(), loudness: show.loudness, keep_compatible: !!show.keep_compatible }
  if (String(show.seed ?? '').trim()) body.seed = Number(show.seed)
  body.cues = show.cues.map((c) => {
    const cue = { title: String(c.title).trim() }
    if (String(c.prompt || '').trim()) cue.prompt = String(c.prompt).trim()
    if (String(c.style || '').trim()) cue.style = String(c.style).trim()
    if (c.mode === 'track') cue.duration = Number(c.duration)
    else cue.cue = { intro_bars: Number(c.intro_bars), vamp_bars: Number(c.vamp_bars), ending: c.ending }
    cue.ending_on = c.ending_on === 'beat' ? 'beat' : 'bar'
    cue.transition = c.transition === 'crossfade' ? { type: 'crossfade', seconds: Number(c.transition_seconds) } : { type: c.transition }
    const hits = toHitsRequest(c.hits)
    if (hits) cue.hits = hits
    return cue
  })
  return body
}

// Moves cue `from` to place `to` (both 0-based), in place.
export function moveCue(show, from, to) {
  if (from === to || from < 0 || to < 0 || from >= show.cues.length || to >= show.cues.length) return false
  const [c] = show.cues.splice(from, 1)
  show.cues.splice(to, 0, c)
  return true
}

// A 422's messages -> the errors shape of checkShow(); a cue's `cue.vamp_bars` is the row's
// `vamp_bars`, its `transition.seconds` the row's `transition_seconds`. Reads the API's 422 shape,
// {"detail": [{loc: ["body", "cues", 2, "cue", "vamp_bars"], msg}]}, and, from older servers,
// {"error": {"field": "cues[2].vamp_bars", "message"}} (or a list of them in "errors"/"details").
export function showErrorsFromApi(body, cueCount) {
  const errors = { cues: Array.from({ length: cueCount }, () => ({})) }
  const put = (path, msg) => {
    // A loc may hold a whole path in one string ("cues[2].vamp_bars").
    const parts = path.flatMap((p) => (typeof p === 'string' && /[.[]/.test(p) ? parseFieldPath(p) : [p])).filter((p) => p !== 'body')
    if (parts[0] === 'cues' && Number.isInteger(parts[1]) && errors.cues[parts[1]]) {
      const rest = parts.slice(2).filter((p) => typeof p === 'string')
      let field = rest.length ? rest[rest.length - 1] : 'title'
      if (rest[0] === 'hits') field = 'hits'
      else if (rest[0] === 'cue') field = rest[1] || 'vamp_bars'
      else if (rest[0] === 'transition') field = rest[1] === 'seconds' ? 'transition_seconds' : 'transition'
      const e = errors.cues[parts[1]]
      if (field === 'hits') {
        const hit = parts.slice(2).find((p) => Number.isInteger(p))
        e.hits = e.hits || {}
        const k = Number.isInteger(hit) ? hit : 'list'
        e.hits[k] = e.hits[k] ? `${e.hits[k]}; ${msg}` : msg
      } else e[field] = e[field] ? `${e[field]}; ${msg}` : msg
    } else {
      const field = parts[0] === 'cues' ? 'list' : parts[0] || 'list'
      errors[field] = errors[field] ? `${errors[field]}; ${msg}` : msg
    }
  }
  const detail = body && Array.isArray(body.detail) ? body.detail : []
  for (const d of detail) put(Array.isArray(d.loc) ? d.loc : [], String(d.msg || 'is not valid'))
  // An older server sent both shapes; `error` (its first message) only counts without `detail`.
  const err = detail.length ? null : body && body.error
  const list = err ? (Array.isArray(err) ? err : Array.isArray(err.errors) ? err.errors : Array.isArray(err.details) ? err.details : [err]) : []
  for (const e of list) {
    if (!e || typeof e !== 'object') continue
    const msg = String(e.message || e.msg || 'is not valid')
    const where = e.field || e.loc || e.path || ''
    put(Array.isArray(where) ? where : parseFieldPath(String(where)), msg)
  }
  return errors
}

// "cues[2].cue.vamp_bars" -> ["cues", 2, "cue", "vamp_bars"]
export function parseFieldPath(text) {
  const out = []
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1])
  return out
}

// The one sentence of a 422 that names no field we show (or '' when every message is placed).
export function showErrorSummary(errors) {
  const n = errors.cues.filter((e) => Object.keys(e).length).length
  const parts = []
  if (errors.title) parts.push(`Title: ${errors.title}`)
  if (errors.list) parts.push(errors.list)
  for (const [k, v] of Object.entries(errors)) if (!['cues', 'title', 'list'].includes(k)) parts.push(`${k}: ${v}`)
  if (n) parts.push(`${n} cue${n === 1 ? ' needs' : 's need'} a look`)
  return parts.join('; ')
}

// The show being written survives a reload: kept in localStorage, read back field by field
// (anything malformed is dropped, every cue gets a fresh key).
export const DRAFT_KEY = 'omg.show-draft.v1'
const CUE_FIELDS = ['title', 'prompt', 'style', 'duration', 'intro_bars', 'vamp_bars', 'transition_seconds']
const CHOICES = { mode: ['vamp', 'track'], ending: ENDINGS.map((e) => e.id), ending_on: ['bar', 'beat'], transition: TRANSITIONS.map((t) => t.id) }

export function saveDraft(storage, show) {
  try {
    storage.setItem(DRAFT_KEY, JSON.stringify({ ...show, cues: show.cues.map(({ key, ...c }) => c) }))
  } catch {
    /* a full or blocked storage loses the draft, never the page */
  }
}

export function loadDraft(storage) {
  let saved = null
  try {
    saved = JSON.parse(storage.getItem(DRAFT_KEY) || 'null')
  } catch {
    return null
  }
  if (!saved || typeof saved !== 'object' || !Array.isArray(saved.cues) || !saved.cues.length) return null
  const show = newShow()
  if (typeof saved.title === 'string') show.title = saved.title.slice(0, 200)
  if (LOUDNESS.includes(saved.loudness)) show.loudness = saved.loudness
  if (typeof saved.keep_compatible === 'boolean') show.keep_compatible = saved.keep_compatible
  if (typeof saved.seed === 'string') show.seed = saved.seed
  show.cues = saved.cues.slice(0, MAX_CUES).filter((c) => c && typeof c === 'object').map((c) => {
    const cue = newCue()
    for (const f of CUE_FIELDS) if (typeof c[f] === 'string' || typeof c[f] === 'number') cue[f] = String(c[f])
    for (const [f, ok] of Object.entries(CHOICES)) if (ok.includes(c[f])) cue[f] = c[f]
    cue.hits = sanitizeHits(c.hits)
    return cue
  })
  return show.cues.length ? show : null
}
