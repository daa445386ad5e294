// Small formatting helpers: times, lengths, ETAs, stage names, file names.

export function formatClock(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) seconds = 0
  const s = Math.floor(seconds)
  const m = Math.floor(s / 60)
  return `${m}:${String(s % 60).padStart(2, '0')}`
}

// A clock to the tenth: 83.46 -> "1:23.4". `round` picks the tenth: Math.floor for a running
// clock, never ahead (the show player's: 59.96 -> "0:59.9"), Math.round for the nearest (the
// show mix's time and cue starts: 8.25 -> "0:08.3", 59.96 -> "1:00.0").
export function formatClockTenths(seconds, round = Math.floor) {
  if (!Number.isFinite(seconds) || seconds < 0) seconds = 0
  const tenths = round(seconds * 10)
  const m = Math.floor(tenths / 600)
  const sec = Math.floor((tenths % 600) / 10)
  return `${m}:${String(sec).padStart(2, '0')}.${tenths % 10}`
}

// 10 -> "10 s", 90 -> "1 min 30 s", 600 -> "10 min"
export function formatLength(seconds) {
  const s = Math.round(Number(seconds) || 0)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  const r = s % 60
  return r ? `${m} min ${r} s` : `${m} min`
}

export function formatEta(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return ''
  if (seconds < 1.5) return 'about a second'
  if (seconds < 60) return `about ${Math.round(seconds)} s`
  const m = Math.round(seconds / 60)
  return m <= 1 ? 'about a minute' : `about ${m} min`
}

export function ordinal(n) {
  const v = n % 100
  if (v >= 11 && v <= 13) return `${n}th`
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] || 'th'}`
}

const STAGES = {
  interpret: 'Reading the prompt',
  compose: 'Composing',
  render: 'Rendering',
  master: 'Mastering',
  encode: 'Encoding',
  stems: 'Rendering stems',
}

export function stageLabel(stage) {
  if (!stage) return 'Starting'
  return STAGES[stage] || stage.charAt(0).toUpperCase() + stage.slice(1)
}

export const STATUS_LABELS = {
  pending: 'Queued',
  processing: 'Generating',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

export function statusLabel(status) {
  return STATUS_LABELS[status] || status
}

// "Upbeat circus march, with brass!" -> "upbeat-circus-march-with-brass"
export function slug(text, max = 40) {
  const s = String(text || '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '')
  return s || 'track'
}

// "2025-11-20T14:03:07.123456" (server local time) -> "14:03" today, else "20 Nov, 14:03"
export function formatWhen(iso, now = new Date()) {
  if (!iso) return ''
  const d = new Date(String(iso).replace(/(\.\d{3})\d+/, '$1'))
  if (Number.isNaN(d.getTime())) return ''
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  if (d.toDateString() === now.toDateString()) return time
  return `${d.toLocaleDateString([], { day: 'numeric', month: 'short' })}, ${time}`
}
