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

  it('sends the lyrics as written and vocals as auto / on / off = absent / true / false', () => {
    const lyrics = '[Verse]\nTightrope high\n\n[Chorus]\nRoll up'
    const auto = toGenerateRequest({ ...defaultForm(), prompt: 'circus song', lyrics: `  ${lyrics}\n` })
    expect(auto.lyrics).toBe(lyrics)
    expect(auto).not.toHaveProperty('vocals')
    expect(toGenerateRequest({ ...defaultForm(), prompt: 'x', lyrics, vocals: 'on' })).toMatchObject({ lyrics, vocals: true })
    expect(toGenerateRequest({ ...defaultForm(), prompt: 'x', lyrics, vocals: 'off' })).toMatchObject({ lyrics, vocals: false })
    expect(toGenerateRequest({ ...defaultForm(), prompt: 'a song about the sea, with lyrics', vocals: 'on' })).toMatchObject({ lyrics: null, vocals: true })
  })

  it('vocals come back from a preset and a saved form; an unknown saved value is auto', () => {
    const f = defaultForm()
    applyPreset(f, { prompt: 'x', vocals: false })
    expect(f.vocals).toBe('off')
    applyPreset(f, { prompt: 'x', vocals: true })
    expect(f.vocals).toBe('on')
    applyPreset(f, { prompt: 'x' })
    expect(f.vocals).toBe('auto')
    const storage = { getItem: () => JSON.stringify({ prompt: 'p', vocals: 'loud' }) }
    expect(loadForm(storage).vocals).toBe('auto')
    expect(loadForm({ getItem: () => JSON.stringify({ vocals: 'off' }) }).vocals).toBe('off')
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

  it('sends the best sound quality only when chosen, and reads it back from a preset', () => {
    expect(toGenerateRequest({ ...defaultForm(), prompt: 'x' })).not.toHaveProperty('quality')
    expect(toGenerateRequest({ ...defaultForm(), prompt: 'x', quality: 'best' })).toMatchObject({ quality: 'best' })
    const f = defaultForm()
    applyPreset(f, { prompt: 'x', quality: 'best' })
    expect(f.quality).toBe('best')
    applyPreset(f, { prompt: 'x', quality: 'golden' })
    expect(f.quality).toBe('fast')
  })

  it('sends a loudness preset other than streaming, and reads it back from a preset', () => {
    expect(toGenerateRequest({ ...defaultForm(), prompt: 'x' })).not.toHaveProperty('loudness')
    expect(toGenerateRequest({ ...defaultForm(), prompt: 'x', loudness: 'broadcast' })).toMatchObject({ loudness: 'broadcast' })
    const f = defaultForm()
    applyPreset(f, { prompt: 'x', loudness: 'show' })
    expect(f.loudness).toBe('show')
    applyPreset(f, { prompt: 'x', loudness: 'very loud' })
    expect(f.loudness).toBe('streaming')
  })
})

describe('hit points in the form', () => {
  it('are sent as hits, checked by row, and previewed (with the seed) when they can be sent', () => {
    const f = { ...defaultForm(), prompt: 'trailer', seed: '9', hits: [{ at: '12.5', kind: 'accent' }, { at: '8:1', kind: 'stop' }] }
    expect(toGenerateRequest(f).hits).toEqual([{ time: 12.5, kind: 'accent' }, { bar_beat: '8:1', kind: 'stop' }])
    expect(toInterpretRequest(f)).toMatchObject({ hits: [{ time: 12.5, kind: 'accent' }, { bar_beat: '8:1', kind: 'stop' }], seed: 9 })
    expect(toGenerateRequest({ ...f, hits: [] })).not.toHaveProperty('hits')
    expect(toInterpretRequest({ ...f, hits: [] })).toEqual({ prompt: 'trailer' })
    const bad = { ...f, hits: [{ at: '12.5', kind: 'accent' }, { at: '0:3', kind: 'stop' }] }
    expect(checkForm(bad).hits).toEqual({ 1: expect.stringMatching(/BAR:BEAT/) })
    expect(toInterpretRequest(bad).hits).toEqual([{ time: 12.5, kind: 'accent' }])
  })

  it('come back from a preset and a saved form', () => {
    const f = defaultForm()
    applyPreset(f, { prompt: 'x', hits: [{ time: 30, kind: 'cadence' }, { bar_beat: '4:1', kind: 'build' }] })
    expect(f.hits).toEqual([{ at: '30', kind: 'cadence' }, { at: '4:1', kind: 'build' }])
    applyPreset(f, { prompt: 'x' })
    expect(f.hits).toEqual([])
    const storage = memoryStorage({ [STORAGE_KEY]: JSON.stringify({ hits: [{ at: '3', kind: 'stop' }, { at: '4', kind: 'boom' }] }) })
    expect(loadForm(storage).hits).toEqual([{ at: '3', kind: 'stop' }])
  })
})
