import { describe, expect, it } from 'vitest'
import { formatClock, formatClockTenths, formatEta, formatLength, ordinal, slug, stageLabel, statusLabel } from './format.js'

describe('format', () => {
  it('clock', () => {
    expect(formatClock(0)).toBe('0:00')
    expect(formatClock(65.9)).toBe('1:05')
    expect(formatClock(NaN)).toBe('0:00')
  })
  it('clock to the tenth', () => {
    expect(formatClockTenths(0)).toBe('0:00.0')
    expect(formatClockTenths(83.46)).toBe('1:23.4')
    expect(formatClockTenths(8.3)).toBe('0:08.3')
    expect(formatClockTenths(59.96)).toBe('0:59.9')
    expect(formatClockTenths(600)).toBe('10:00.0')
    expect(formatClockTenths(NaN)).toBe('0:00.0')
    expect(formatClockTenths(-1)).toBe('0:00.0')
    expect(formatClockTenths(8.25, Math.round)).toBe('0:08.3')
    expect(formatClockTenths(8.24, Math.round)).toBe('0:08.2')
    expect(formatClockTenths(59.96, Math.round)).toBe('1:00.0')
  })
  it('lengths', () => {
    expect(formatLength(10)).toBe('10 s')
    expect(formatLength(90)).toBe('1 min 30 s')
    expect(formatLength(600)).toBe('10 min')
  })
  it('ETAs', () => {
    expect(formatEta(0.5)).toBe('about a second')
    expect(formatEta(12.4)).toBe('about 12 s')
    expect(formatEta(150)).toBe('about 3 min')
    expect(formatEta(null)).toBe('')
  })
  it('ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st'])
  })
  it('names stages and statuses in words', () => {
    expect(stageLabel('render')).toBe('Rendering')
    expect(stageLabel('')).toBe('Starting')
    expect(stageLabel('mixdown')).toBe('Mixdown')
    expect(statusLabel('pending')).toBe('Queued')
    expect(statusLabel('cancelled')).toBe('Cancelled')
  })
  it('slugs for file names', () => {
    expect(slug('Upbeat circus march, with brass!')).toBe('upbeat-circus-march-with-brass')
    expect(slug('Café  señor')).toBe('cafe-senor')
    expect(slug('!!!')).toBe('track')
  })
})
