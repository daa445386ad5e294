import { describe, expect, it } from 'vitest'
import { lineAt, sungLines } from './lyrics.js'

const meta = {
  vocals: true,
  lines: [
    { start_s: 9.5, end_s: 12, section: 'Chorus', text: 'Roll up, roll up' },
    { start_s: 2, end_s: 4.5, section: 'Verse 1', text: 'Tightrope high' },
    { start_s: 4.5, end_s: 7, section: 'Verse 1', text: 'No net below' },
    { start_s: 'x', end_s: 3, text: 'broken' },
    null,
  ],
}

describe('sung lines', () => {
  it('reads metadata.lines in time order and drops malformed entries', () => {
    const lines = sungLines(meta)
    expect(lines.map((l) => l.text)).toEqual(['Tightrope high', 'No net below', 'Roll up, roll up'])
    expect(lines[0]).toEqual({ start: 2, end: 4.5, section: 'Verse 1', text: 'Tightrope high' })
    expect(sungLines({})).toEqual([])
    expect(sungLines(null)).toEqual([])
  })

  it('the current line at a time, and the next one', () => {
    const lines = sungLines(meta)
    const at = (t) => {
      const r = lineAt(lines, t)
      return [r.index, r.current && r.current.text, r.next && r.next.text]
    }
    expect(at(0)).toEqual([-1, null, 'Tightrope high']) // before the first line
    expect(at(2)).toEqual([0, 'Tightrope high', 'No net below']) // a line starts at its start
    expect(at(4.49)).toEqual([0, 'Tightrope high', 'No net below'])
    expect(at(4.5)).toEqual([1, 'No net below', 'Roll up, roll up']) // back to back: the next one takes over
    expect(at(8)).toEqual([-1, null, 'Roll up, roll up']) // a gap: nothing sung, the coming line shown
    expect(at(11.9)).toEqual([2, 'Roll up, roll up', null]) // the last line has no next
    expect(at(12)).toEqual([-1, null, null]) // after the end
    expect(at(Number.NaN)).toEqual([-1, null, 'Tightrope high'])
  })

  it('an instrumental version has no lines', () => {
    expect(lineAt([], 3)).toEqual({ index: -1, current: null, next: null })
  })
})
