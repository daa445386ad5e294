import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { applyPreset, checkForm, createForm, defaultForm, loadForm, STORAGE_KEY, toGenerateRequest, toInterpretRequest } from './form.js'

function memoryStorage(initial = {}) {
  const data = { ...initial }
  return { getItem: (k) => (k in data ? data[k] : null), setItem: (k, v) => (data[k] = String(v)), data }
}

describe('the generation form', () => {
  it('becomes the seed API request, with OMG extensions only when used', () => {
    const f = { ...defaultForm(), prompt: '  calm piano  ', duration: 90, versions: 3, seed: '42', lyrics: ' ', bpm: '', key: '', timeSignature: '' }
    expect(toGenerateRequest(f)).toEqual({ prompt: 'calm piano', duration: 90, num_versions: 3, seed: 42, lyrics: null, provider: null, stems: true })
  })
  it('sends long tracks as duration_s and keeps duration within the seed limit', () => {
    const body = toGenerateRequest({ ...defaultForm(), prompt: 'x', duration: 600, bpm: '128', key: 'D minor', timeSignature: '3/4', provider: 'builtin' })
    expect(body).toMatchObject({ duration: 300, duration_s: 600, bpm: 128, key: 'D minor', time_signature: '3/4', provider: 'builtin' })
  })
  it('keeps big seeds exact by sending them as text', () => {
    expect(toGenerateRequest({ ...defaultForm(), prompt: 'x', seed: '18446744073709551' }).seed).toBe(18446744073709551 > Number.MAX_SAFE_INTEGER ? '18446744073709551' : 18446744073709551)
    expect(toGenerateRequest({ ...defaultForm(), prompt: 'x', seed: '9007199254740993' }).seed).toBe('9007199254740993')
  })
  it('says what is wrong, in words', () => {
    expect(checkForm({ ...defaultForm(), prompt: '   ' })).toHaveProperty('prompt')
    expect(checkForm({ ...defaultForm(), prompt: 'x', duration: 4 })).toHaveProperty('duration')
    expect(checkForm({ ...defaultForm(), prompt: 'x', duration: 601 })).toHaveProperty('duration')
    expect(checkForm({ ...defaultForm(), prompt: 'x', seed: '-1' })).toHaveProperty('seed')
    expect(checkForm({ ...defaultForm(), prompt: 'x', seed: 'abc' })).toHaveProperty('seed')
    expect(checkForm({ ...defaultForm(), prompt: 'x', bpm: '500' })).toHaveProperty('bpm')
    expect(checkForm({ ...defaultForm(), prompt: 'x', duration: 600, seed: '0' })).toEqual({})
  })
  it('asks for an interpretation with valid overrides only', () => {
    expect(toInterpretRequest({ ...defaultForm(), prompt: ' waltz ', durationAuto: false, duration: 3, bpm: '90' })).toEqual({ prompt: 'waltz', bpm: 90 })
    expect(toInterpretRequest({ ...defaultForm(), prompt: 'waltz', durationAuto: false, duration: 45 })).toEqual({ prompt: 'waltz', duration: 45 })
    // A duration that follows the prompt is not an override.
    expect(toInterpretRequest({ ...defaultForm(), prompt: 'waltz, 2 minutes', duration: 45 })).toEqual({ prompt: 'waltz, 2 minutes' })
  })
  it('applies a preset, seed 0 included', () => {
    const f = defaultForm()
    applyPreset(f, { prompt: 'p', duration: 450, num_versions: 4, seed: 0, lyrics: 'la', provider: null, bpm: 100, key: 'E minor', time_signature: '6/8', stems: false })
    expect(f).toMatchObject({ prompt: 'p', duration: 450, durationAuto: false, versions: 4, seed: '0', lyrics: 'la', provider: '', bpm: '100', key: 'E minor', timeSignature: '6/8', stems: false })
  })
  it('survives a reload through localStorage', async () => {
    const storage = memoryStorage()
    const f = createForm(storage)
    f.prompt = 'kept across reloads'
    f.duration = 120
    await nextTick()
    expect(JSON.parse(storage.data[STORAGE_KEY]).prompt).toBe('kept across reloads')
    expect(loadForm(storage)).toMatchObject({ prompt: 'kept across reloads', duration: 120 })
  })
  it('ignores a broken or foreign saved copy', () => {
    expect(loadForm(memoryStorage({ [STORAGE_KEY]: '{nope' }))).toEqual(defaultForm())
    expect(loadForm(memoryStorage({ [STORAGE_KEY]: '{"prompt": 5, "versions": 3}' }))).toMatchObject({ prompt: '', versions: 3 })
  })
})
