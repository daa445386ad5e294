// Hit points (issue 14): moments the music must hit, as the form keeps them ({at, kind}: "12.5"
// seconds or "8:1" bar:beat), checked as the server checks them (http/hit_validation.cpp), sent
// as the request's `hits`, and read back from a version's metadata (`hits`, `tempo_map`) as marks.

// The server's kinds (model/hit.h), with what each does to the music.
export const HIT_KINDS = [
  { id: 'accent', text: 'Accent', hint: 'a crash and a tutti stab' },
  { id: 'stop', text: 'Stop', hint: 'everything cuts, silence for a bar' },
  { id: 'stinger', text: 'Stinger', hint: 'a brass flourish' },
  { id: 'section', text: 'Section', hint: 'a new section starts' },
  { id: 'cadence', text: 'Cadence', hint: 'the tune and bass land on the tonic' },
  { id: 'build', text: 'Build', hint: 'a snare roll rising through the bar before' },
]
const KIND_IDS = HIT_KINDS.map((k) => k.id)
export const MAX_HITS = 64 // model::kMaxHits
export const MAX_HIT_BAR = 999 // model::kMaxHitBar
export const MAX_HIT_TIME = 600 // model::kMaxDurationS

export function newHit() {
  return { at: '', kind: 'accent' }
}

export function kindText(id) {
  const k = HIT_KINDS.find((x) => x.id === id)
  return k ? k.text : String(id)
}

// "12.5" -> {time: 12.5}; "8:1" -> {bar_beat: "8:1"}; anything else -> null.
export function parseHitAt(text) {
  const s = String(text ?? '').trim()
  if (/^\d+:\d+$/.test(s)) return { bar_beat: s }
  if (/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return { time: Number(s) }
  return null
}

// What is wrong with one row, in the server's words, or '' when it can be sent.
export function checkHit(hit) {
  const s = String(hit.at ?? '').trim()
  if (!s) return 'Field required: time (seconds) or bar:beat ("8:1")'
  const at = parseHitAt(s)
  if (!at) {
    if (s.includes(':')) return 'Input should be "BAR:BEAT", both whole numbers from 1 ("8:1" is bar 8\'s downbeat)'
    return /^-/.test(s) ? 'Input should be greater than or equal to 0' : 'Input should be a valid number (seconds from the start)'
  }
  if ('bar_beat' in at) {
    const [bar, beat] = at.bar_beat.split(':').map(Number)
    if (bar < 1 || beat < 1 || /^0/.test(at.bar_beat) || /:0/.test(at.bar_beat)) {
      return 'Input should be "BAR:BEAT", both whole numbers from 1 ("8:1" is bar 8\'s downbeat)'
    }
    if (bar > MAX_HIT_BAR) return `The bar should be less than or equal to ${MAX_HIT_BAR}`
  } else if (at.time > MAX_HIT_TIME) {
    return `Input should be less than or equal to ${MAX_HIT_TIME}`
  }
  if (!KIND_IDS.includes(hit.kind)) return "Input should be 'accent', 'stop', 'stinger', 'section', 'cadence' or 'build'"
  return ''
}

// {index: message} for the rows that cannot be sent (and 'list' when there are too many).
export function checkHits(hits) {
  const errors = {}
  if (hits.length > MAX_HITS) errors.list = `List should have at most ${MAX_HITS} items after validation, not ${hits.length}`
  hits.forEach((h, i) => {
    const e = checkHit(h)
    if (e) errors[i] = e
  })
  return errors
}

// The request's `hits`: every row, in order (null when there are none).
export function toHitsRequest(hits) {
  if (!Array.isArray(hits) || !hits.length) return null
  return hits.map((h) => ({ ...parseHitAt(h.at), kind: h.kind }))
}

// The rows the live preview can ask about: the valid ones only, so that a row being typed does
// not turn the whole preview into an error.
export function previewHits(hits) {
  if (!Array.isArray(hits)) return []
  return hits.filter((h) => !checkHit(h)).map((h) => ({ ...parseHitAt(h.at), kind: h.kind }))
}

// A 422's detail entries that name a hit (loc ["body", "hits", i, field?]) -> {index: message};
// one that names the list itself -> 'list'.
export function hitErrorsFromApi(body) {
  const out = {}
  const detail = body && Array.isArray(body.detail) ? body.detail : []
  for (const e of detail) {
    const loc = Array.isArray(e.loc) ? e.loc : []
    const at = loc.indexOf('hits')
    if (at < 0) continue
    const index = loc[at + 1]
    const key = Number.isInteger(index) ? index : 'list'
    const msg = String(e.msg || 'is not valid')
    out[key] = out[key] ? `${out[key]}; ${msg}` : msg
  }
  return out
}

// Rows back from a request's (or recipe's) `hits`.
export function hitsFromRequest(list) {
  if (!Array.isArray(list)) return []
  return list
    .filter((h) => h && typeof h === 'object')
    .map((h) => ({ at: h.bar_beat != null ? String(h.bar_beat) : h.time != null ? String(h.time) : '', kind: KIND_IDS.includes(h.kind) ? h.kind : 'accent' }))
}

// Keeps only well-formed rows from a saved form.
export function sanitizeHits(list) {
  if (!Array.isArray(list)) return []
  return list.filter((h) => h && typeof h === 'object' && typeof h.at === 'string' && KIND_IDS.includes(h.kind)).map((h) => ({ at: h.at, kind: h.kind }))
}

// How a hit was asked for, in words: "12.5 s" or "bar 8 beat 1".
export function askedText(h) {
  if (h && h.bar_beat != null) {
    const [bar, beat] = String(h.bar_beat).split(':')
    return `bar ${bar} beat ${beat}`
  }
  const t = Number(h && h.time)
  return Number.isFinite(t) ? `${t} s` : '?'
}

// A version's (or a preview's) `hits` -> {landed: [{kind, bar, landed_s, left, asked}], unmet:
// [{kind, asked, reason}]}; `left` is the share of `total` in percent (null without a length).
export function hitMarks(hits, total) {
  const landed = []
  const unmet = []
  if (!Array.isArray(hits)) return { landed, unmet }
  hits.forEach((h, i) => {
    if (!h || typeof h !== 'object') return
    const asked = askedText(h)
    if (h.met && Number.isFinite(h.landed_s)) {
      const left = total > 0 && h.landed_s <= total ? (h.landed_s / total) * 100 : null
      landed.push({ i, kind: h.kind, bar: h.bar, landed_s: h.landed_s, asked, left })
    } else {
      unmet.push({ i, kind: h.kind, asked, reason: h.reason || 'not met' })
    }
  })
  return { landed, unmet }
}

// The tempo (quarter notes a minute) sounding at `t` seconds, from a tempo map [{start_s, qpm}].
export function tempoAt(tempoMap, t) {
  let qpm = null
  for (const c of tempoMap || []) if (Number.isFinite(c.start_s) && c.start_s <= t + 1e-6) qpm = c.qpm
  return qpm
}

// Whether a tempo map holds a change worth showing (at least two tempi a tenth apart).
export function tempoChanges(tempoMap) {
  if (!Array.isArray(tempoMap) || tempoMap.length < 2) return false
  const q = tempoMap.map((c) => Number(c.qpm)).filter(Number.isFinite)
  return q.length > 1 && Math.max(...q) - Math.min(...q) >= 0.1
}
