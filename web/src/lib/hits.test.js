import { describe, expect, it } from 'vitest'
import { checkHit, checkHits, hitErrorsFromApi, hitMarks, hitsFromRequest, parseHitAt, previewHits, sanitizeHits, tempoAt, tempoChanges, toHitsRequest, MAX_HITS } from './hits.js'

describe('hit points', () => {
  it('reads seconds or bar:beat', () => {
    expect(parseHitAt(' 12.5 ')).toEqual({ time: 12.5 })
    expect(parseHitAt('0')).toEqual({ time: 0 })
    expect(parseHitAt('8:1')).toEqual({ bar_beat: '8:1' })
    expect(parseHitAt('8:')).toBeNull()
    expect(parseHitAt('soon')).toBeNull()
  })

  it('checks each row as the server does, in its words', () => {
    expect(checkHit({ at: '12.5', kind: 'accent' })).toBe('')
    expect(checkHit({ at: '8:1', kind: 'stop' })).toBe('')
    expect(checkHit({ at: '', kind: 'accent' })).toMatch(/^Field required/)
    expect(checkHit({ at: '-2', kind: 'accent' })).toBe('Input should be greater than or equal to 0')
    expect(checkHit({ at: '601', kind: 'accent' })).toBe('Input should be less than or equal to 600')
    expect(checkHit({ at: 'x', kind: 'accent' })).toMatch(/valid number/)
    expect(checkHit({ at: '0:1', kind: 'accent' })).toMatch(/BAR:BEAT/)
    expect(checkHit({ at: '8:0', kind: 'accent' })).toMatch(/BAR:BEAT/)
    expect(checkHit({ at: '8:1:2', kind: 'accent' })).toMatch(/BAR:BEAT/)
    expect(checkHit({ at: '1000:1', kind: 'accent' })).toBe('The bar should be less than or equal to 999')
    expect(checkHit({ at: '4', kind: 'boom' })).toMatch(/^Input should be 'accent'/)
    expect(checkHits([{ at: '4', kind: 'accent' }, { at: '', kind: 'accent' }])).toEqual({ 1: expect.stringMatching(/^Field required/) })
    const many = Array.from({ length: MAX_HITS + 1 }, () => ({ at: '1', kind: 'accent' }))
    expect(checkHits(many).list).toBe('List should have at most 64 items after validation, not 65')
  })

  it('becomes the request’s hits; the preview asks only about rows that can be sent', () => {
    const rows = [{ at: '12.5', kind: 'accent' }, { at: '8:1', kind: 'stop' }, { at: '8:', kind: 'build' }]
    expect(toHitsRequest([])).toBeNull()
    expect(toHitsRequest(rows.slice(0, 2))).toEqual([{ time: 12.5, kind: 'accent' }, { bar_beat: '8:1', kind: 'stop' }])
    expect(previewHits(rows)).toEqual([{ time: 12.5, kind: 'accent' }, { bar_beat: '8:1', kind: 'stop' }])
    expect(hitsFromRequest([{ time: 12.5, kind: 'accent' }, { bar_beat: '8:1', kind: 'stop' }])).toEqual(rows.slice(0, 2))
    expect(sanitizeHits([{ at: '3', kind: 'stop' }, { at: 3, kind: 'stop' }, { at: '3', kind: 'boom' }, null])).toEqual([{ at: '3', kind: 'stop' }])
  })

  it('puts a 422’s messages on the rows they name', () => {
    const body = {
      detail: [
        { loc: ['body', 'hits', 1, 'time'], msg: 'Input should be less than or equal to 600' },
        { loc: ['body', 'hits', 1, 'kind'], msg: 'Field required' },
        { loc: ['body', 'hits'], msg: 'List should have at most 64 items' },
        { loc: ['body', 'bpm'], msg: 'Input should be a valid number' },
      ],
    }
    expect(hitErrorsFromApi(body)).toEqual({ 1: 'Input should be less than or equal to 600; Field required', list: 'List should have at most 64 items' })
    expect(hitErrorsFromApi({ detail: 'nope' })).toEqual({})
  })

  it('splits a version’s hits into landed marks and unmet reasons', () => {
    const hits = [
      { time: 12.5, kind: 'accent', time_s: 12.5, met: true, bar: 7, landed_s: 12.5031 },
      { bar_beat: '40:1', kind: 'stop', time_s: 95, met: false, reason: 'after the end of the music' },
    ]
    const { landed, unmet } = hitMarks(hits, 50)
    expect(landed).toEqual([{ i: 0, kind: 'accent', bar: 7, landed_s: 12.5031, asked: '12.5 s', left: expect.any(Number) }])
    expect(landed[0].left).toBeCloseTo(25.0062, 6)
    expect(unmet).toEqual([{ i: 1, kind: 'stop', asked: 'bar 40 beat 1', reason: 'after the end of the music' }])
  })

  it('reads the tempo at a time, and whether it ever moves', () => {
    const map = [{ tick: 0, start_s: 0, qpm: 120 }, { tick: 1920, start_s: 2, qpm: 116.5 }]
    expect(tempoAt(map, 0)).toBe(120)
    expect(tempoAt(map, 2)).toBe(116.5)
    expect(tempoChanges(map)).toBe(true)
    expect(tempoChanges([{ tick: 0, start_s: 0, qpm: 120 }])).toBe(false)
    expect(tempoChanges([{ tick: 0, start_s: 0, qpm: 120 }, { tick: 960, start_s: 1, qpm: 120.01 }])).toBe(false)
  })
})
