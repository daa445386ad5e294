import { describe, expect, it } from 'vitest'
import { DRAFT_KEY, checkShow, hasErrors, loadDraft, moveCue, newCue, newShow, parseFieldPath, saveDraft, showErrorSummary, showErrorsFromApi, toShowRequest } from './shows.js'

function twoCues() {
  const show = newShow()
  show.title = ' Circus night '
  show.seed = '7'
  show.cues = [
    newCue({ title: 'Opening', prompt: 'upbeat circus march with brass', intro_bars: '2', vamp_bars: '4', ending: 'stinger', ending_on: 'beat', hits: [{ at: '12.5', kind: 'accent' }] }),
    newCue({ title: 'Juggler', style: 'waltz', mode: 'track', duration: '45', transition: 'crossfade', transition_seconds: '3' }),
  ]
  return show
}

describe('shows: the request', () => {
  it('becomes POST /api/v1/shows’ body, a vamp cue’s bars in `cue`, a track’s length in `duration`', () => {
    expect(toShowRequest(twoCues())).toEqual({
      title: 'Circus night',
      loudness: 'show',
      keep_compatible: true,
      seed: 7,
      cues: [
        { title: 'Opening', prompt: 'upbeat circus march with brass', cue: { intro_bars: 2, vamp_bars: 4, ending: 'stinger' }, ending_on: 'beat', transition: { type: 'segue' }, hits: [{ time: 12.5, kind: 'accent' }] },
        { title: 'Juggler', style: 'waltz', duration: 45, ending_on: 'bar', transition: { type: 'crossfade', seconds: 3 } },
      ],
    })
  })

  it('is checked as the server checks it', () => {
    const ok = twoCues()
    expect(hasErrors(checkShow(ok))).toBe(false)
    const bad = twoCues()
    bad.title = ''
    bad.seed = 'x'
    bad.cues[0].vamp_bars = '0'
    bad.cues[0].hits[0].at = 'soon'
    bad.cues[1].title = ''
    bad.cues[1].style = ''
    bad.cues[1].duration = '2'
    bad.cues[1].transition_seconds = '20'
    const e = checkShow(bad)
    expect(hasErrors(e)).toBe(true)
    expect(e.title).toBe('Field required')
    expect(e.seed).toMatch(/whole number/)
    expect(e.cues[0]).toEqual({ vamp_bars: 'Input should be 1 to 64 bars', hits: { 0: expect.stringMatching(/valid number/) } })
    expect(Object.keys(e.cues[1]).sort()).toEqual(['duration', 'prompt', 'title', 'transition_seconds'])
    expect(showErrorSummary(e)).toBe('Title: Field required; seed: Input should be a whole number; 2 cues need a look')
  })
})

describe('shows: reordering', () => {
  it('moves a cue in place and refuses moves off the list', () => {
    const show = twoCues()
    const [a, b] = show.cues
    expect(moveCue(show, 0, 1)).toBe(true)
    expect(show.cues).toEqual([b, a])
    expect(moveCue(show, 1, 2)).toBe(false)
    expect(moveCue(show, 0, -1)).toBe(false)
    expect(show.cues).toEqual([b, a])
    expect(a.key).not.toBe(b.key)
  })
})

describe('shows: the server’s 422', () => {
  it('puts {"error": {"field": "cues[1].vamp_bars"}} beside the row’s field', () => {
    expect(parseFieldPath('cues[2].cue.vamp_bars')).toEqual(['cues', 2, 'cue', 'vamp_bars'])
    const e = showErrorsFromApi({ error: { code: 'validation', field: 'cues[1].cue.vamp_bars', message: 'Input should be less than or equal to 64' } }, 2)
    expect(e.cues[1]).toEqual({ vamp_bars: 'Input should be less than or equal to 64' })
    expect(e.cues[0]).toEqual({})
  })

  it('reads FastAPI-style lists too: hits by row, transitions, the show’s own fields', () => {
    const e = showErrorsFromApi(
      {
        detail: [
          { loc: ['body', 'cues', 0, 'hits', 1, 'time'], msg: 'Input should be less than or equal to 600' },
          { loc: ['body', 'cues', 0, 'transition', 'seconds'], msg: 'too long' },
          { loc: ['body', 'cues', 1, 'prompt'], msg: 'Field required' },
          { loc: ['body', 'title'], msg: 'Field required' },
          { loc: ['body', 'cues'], msg: 'List should have at most 50 items' },
        ],
      },
      2,
    )
    expect(e.cues[0]).toEqual({ hits: { 1: 'Input should be less than or equal to 600' }, transition_seconds: 'too long' })
    expect(e.cues[1]).toEqual({ prompt: 'Field required' })
    expect(e.title).toBe('Field required')
    expect(e.list).toBe('List should have at most 50 items')
  })
})

describe('shows: the draft', () => {
  it('survives a reload, and a malformed one is dropped field by field', () => {
    const store = new Map()
    const storage = { setItem: (k, v) => store.set(k, v), getItem: (k) => store.get(k) ?? null }
    const show = twoCues()
    saveDraft(storage, show)
    const back = loadDraft(storage)
    expect(toShowRequest(back)).toEqual(toShowRequest(show))
    expect(back.cues[0].key).not.toBe(show.cues[0].key)
    storage.setItem(DRAFT_KEY, JSON.stringify({ title: 7, loudness: 'loud', cues: [{ title: 'A', mode: 'sideways', ending: 'explode', hits: [{ at: '1', kind: 'boom' }, { at: '2', kind: 'stop' }] }, null] }))
    const odd = loadDraft(storage)
    expect(odd.title).toBe('')
    expect(odd.loudness).toBe('show')
    expect(odd.cues.length).toBe(1)
    expect(odd.cues[0]).toMatchObject({ title: 'A', mode: 'vamp', ending: 'button', hits: [{ at: '2', kind: 'stop' }] })
    storage.setItem(DRAFT_KEY, '{not json')
    expect(loadDraft(storage)).toBe(null)
  })
})

describe('shows: the server’s own 422 shapes', () => {
  it('detail and error together count once; a loc holding a whole path is read', () => {
    const both = { detail: [{ loc: ['body', 'cues', 0, 'ending_on'], msg: "Input should be 'bar' or 'beat'" }], error: { field: 'cues[0].ending_on', message: "Input should be 'bar' or 'beat'" } }
    expect(showErrorsFromApi(both, 1).cues[0]).toEqual({ ending_on: "Input should be 'bar' or 'beat'" })
    const planned = { detail: [{ type: 'value_error', loc: ['body', 'cues[1].vamp_bars'], msg: 'cues[1].vamp_bars: too long for a segue' }] }
    expect(showErrorsFromApi(planned, 2).cues[1]).toEqual({ vamp_bars: 'cues[1].vamp_bars: too long for a segue' })
  })
})
