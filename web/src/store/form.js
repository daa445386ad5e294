// The generation form's state: defaults, checks, the request it becomes, presets, and a copy
// in localStorage so nothing typed is lost to a reload or a server that went away.
import { reactive, watch } from 'vue'
import { checkHits, hitsFromRequest, previewHits, sanitizeHits, toHitsRequest } from '../lib/hits.js'

export const STORAGE_KEY = 'omg-studio:form:v1'
export const MIN_DURATION = 5
export const MAX_DURATION = 600
const SEED_API_MAX_DURATION = 300 // the seed API's `duration` limit; longer tracks use duration_s
const MAX_SEED = 9223372036854775807n

export function defaultForm() {
  return {
    prompt: '',
    duration: 60,
    durationAuto: true, // follow the length the prompt asks for (or the engine's default)
    versions: 2,
    seed: '',
    bpm: '',
    key: '',
    timeSignature: '',
    format: 'mp3',
    stems: true,
    provider: '',
    topic: '',
    lyrics: '',
    vocals: 'auto', // auto | on | off: sung when there are lyrics (or the prompt asks) / always / never
    loudness: 'streaming', // a delivery preset (LOUDNESS_PRESETS)
    quality: 'fast', // the sound: which SoundFont plays it (SOUND_QUALITIES)
    hits: [], // hit points: [{at: "12.5" seconds or "8:1" bar:beat, kind}] (lib/hits.js)
  }
}

const FIELDS = Object.keys(defaultForm())
export const VOCALS = ['auto', 'on', 'off']
// The server's delivery presets (model/loudness.h): integrated loudness and true-peak ceiling.
export const LOUDNESS_PRESETS = [
  { id: 'streaming', text: 'Streaming: -14 LUFS, -1 dBTP' },
  { id: 'podcast', text: 'Apple / podcast: -16 LUFS, -1 dBTP' },
  { id: 'broadcast', text: 'Broadcast (EBU R128): -23 LUFS, -1 dBTP' },
  { id: 'game', text: 'Game / theatre: -24 LUFS, -6 dBTP' },
  { id: 'show', text: 'Show: -18 LUFS, every cue the same' },
]
const LOUDNESS_IDS = LOUDNESS_PRESETS.map((p) => p.id)
// The server's sound qualities (model/sound_quality.h): which SoundFont plays the music.
export const SOUND_QUALITIES = [
  { id: 'fast', text: 'Fast: FluidR3 GM' },
  { id: 'best', text: 'Best: MuseScore General (a few seconds slower)' },
]
const QUALITY_IDS = SOUND_QUALITIES.map((q) => q.id)

export function loadForm(storage = safeStorage()) {
  const form = defaultForm()
  try {
    const saved = JSON.parse(storage?.getItem(STORAGE_KEY) || 'null')
    if (saved && typeof saved === 'object') {
      for (const k of FIELDS) if (k in saved && typeof saved[k] === typeof form[k]) form[k] = saved[k]
      if (!VOCALS.includes(form.vocals)) form.vocals = 'auto'
      if (!LOUDNESS_IDS.includes(form.loudness)) form.loudness = 'streaming'
      if (!QUALITY_IDS.includes(form.quality)) form.quality = 'fast'
      form.hits = sanitizeHits(form.hits)
    }
  } catch {
    /* a broken copy is ignored */
  }
  return form
}

export function createForm(storage = safeStorage()) {
  const form = reactive(loadForm(storage))
  watch(
    () => ({ ...form, hits: form.hits.map((h) => ({ ...h })) }),
    (value) => {
      try {
        storage?.setItem(STORAGE_KEY, JSON.stringify(value))
      } catch {
        /* storage full or disabled: the form still works */
      }
    },
    { deep: true },
  )
  return form
}

function safeStorage() {
  try {
    return globalThis.localStorage || null
  } catch {
    return null
  }
}

// Problems with the form, by field, in words; empty when it can be sent.
export function checkForm(form) {
  const errors = {}
  if (!form.prompt.trim()) errors.prompt = 'Describe the music you want first.'
  const d = Number(form.duration)
  if (!Number.isFinite(d) || d < MIN_DURATION || d > MAX_DURATION) {
    errors.duration = `Duration must be between ${MIN_DURATION} seconds and ${MAX_DURATION / 60} minutes.`
  }
  const seed = String(form.seed).trim()
  if (seed && (!/^\d+$/.test(seed) || BigInt(seed) > MAX_SEED)) errors.seed = 'The seed is a whole number (0 or more), or empty for a random one.'
  const bpm = String(form.bpm).trim()
  if (bpm && !(Number(bpm) >= 20 && Number(bpm) <= 400)) errors.bpm = 'Tempo must be between 20 and 400 BPM, or empty.'
  const hits = checkHits(form.hits || [])
  if (Object.keys(hits).length) errors.hits = hits // {index: message, list?: message}
  return errors
}

function seedValue(text) {
  const s = String(text).trim()
  if (!s) return null
  const n = Number(s)
  return Number.isSafeInteger(n) ? n : s // the server reads big seeds from strings exactly
}

export function toGenerateRequest(form) {
  const duration = Math.round(Number(form.duration))
  const body = {
    prompt: form.prompt.trim(),
    duration: Math.min(duration, SEED_API_MAX_DURATION),
    num_versions: Number(form.versions),
    seed: seedValue(form.seed),
    lyrics: form.lyrics.trim() || null,
    provider: form.provider || null,
    stems: Boolean(form.stems),
  }
  if (form.vocals === 'on') body.vocals = true
  else if (form.vocals === 'off') body.vocals = false
  if (duration > SEED_API_MAX_DURATION) body.duration_s = duration
  if (String(form.bpm).trim()) body.bpm = Number(form.bpm)
  if (form.key) body.key = form.key
  if (form.timeSignature) body.time_signature = form.timeSignature
  if (form.loudness && form.loudness !== 'streaming') body.loudness = form.loudness
  if (form.quality && form.quality !== 'fast') body.quality = form.quality
  const hits = toHitsRequest(form.hits)
  if (hits) body.hits = hits
  return body
}

export function toInterpretRequest(form) {
  const body = { prompt: form.prompt.trim() }
  const d = Number(form.duration)
  if (!form.durationAuto && Number.isFinite(d) && d >= MIN_DURATION && d <= MAX_DURATION) body.duration = d
  const bpm = Number(form.bpm)
  if (String(form.bpm).trim() && bpm >= 20 && bpm <= 400) body.bpm = bpm
  if (form.key) body.key = form.key
  if (form.timeSignature) body.time_signature = form.timeSignature
  // Hits are previewed where they land, which depends on the seed: the form's, when it has one.
  const hits = previewHits(form.hits)
  if (hits.length) {
    body.hits = hits
    const seed = seedValue(form.seed)
    if (typeof seed === 'number') body.seed = seed
  }
  return body
}

// The length the engine would give the prompt, when the form follows it: within the limits.
export function interpretedDuration(brief) {
  const d = Number(brief && brief.duration_s)
  return Number.isFinite(d) && d > 0 ? Math.min(MAX_DURATION, Math.max(MIN_DURATION, Math.round(d))) : null
}

// Fills the form from GET /api/v1/queue/{id}/preset (or a job's own fields).
export function applyPreset(form, preset) {
  if (!preset) return
  if (typeof preset.prompt === 'string') form.prompt = preset.prompt
  const d = Number(preset.duration_s ?? preset.duration)
  if (Number.isFinite(d) && d > 0) {
    form.duration = Math.min(MAX_DURATION, Math.max(MIN_DURATION, Math.round(d)))
    form.durationAuto = false
  }
  const n = Number(preset.num_versions)
  if (Number.isInteger(n) && n >= 1 && n <= 5) form.versions = n
  form.seed = preset.seed === null || preset.seed === undefined ? '' : String(preset.seed)
  form.lyrics = typeof preset.lyrics === 'string' ? preset.lyrics : ''
  form.provider = typeof preset.provider === 'string' ? preset.provider : ''
  form.bpm = preset.bpm != null ? String(preset.bpm) : ''
  form.key = typeof preset.key === 'string' ? preset.key : ''
  form.timeSignature = typeof preset.time_signature === 'string' ? preset.time_signature : ''
  if (typeof preset.stems === 'boolean') form.stems = preset.stems
  form.vocals = preset.vocals === true ? 'on' : preset.vocals === false ? 'off' : 'auto'
  form.loudness = LOUDNESS_IDS.includes(preset.loudness) ? preset.loudness : 'streaming'
  form.quality = QUALITY_IDS.includes(preset.quality) ? preset.quality : 'fast'
  form.hits = hitsFromRequest(preset.hits)
}

export const KEYS = (() => {
  const tonics = ['C', 'C#', 'Db', 'D', 'Eb', 'E', 'F', 'F#', 'Gb', 'G', 'Ab', 'A', 'Bb', 'B']
  const out = []
  for (const mode of ['major', 'minor']) for (const t of tonics) out.push(`${t} ${mode}`)
  for (const mode of ['dorian', 'mixolydian', 'phrygian', 'lydian']) for (const t of ['C', 'D', 'E', 'F', 'G', 'A']) out.push(`${t} ${mode}`)
  return out
})()

export const TIME_SIGNATURES = ['2/4', '3/4', '4/4', '5/4', '6/8', '7/8', '9/8', '12/8']
