// The sung lines of a version (metadata.lines: [{start_s, end_s, section, text}]) as a player
// shows them: the line being sung at a time, and the one after it. Pure functions.

// The lines in time order, without malformed entries.
export function sungLines(metadata) {
  const list = metadata && Array.isArray(metadata.lines) ? metadata.lines : []
  return list
    .filter((l) => l && Number.isFinite(Number(l.start_s)) && Number.isFinite(Number(l.end_s)) && typeof l.text === 'string')
    .map((l) => ({ start: Number(l.start_s), end: Number(l.end_s), section: typeof l.section === 'string' ? l.section : '', text: l.text }))
    .sort((a, b) => a.start - b.start)
}

// {index, current, next} at `time` seconds: `current` is the line sung now (null between lines,
// before the first and after the last); `next` is the line that comes after now (the one
// after `current`, or the coming one in a gap), null at the end. index is current's, or -1.
export function lineAt(lines, time) {
  const t = Number(time)
  if (!Array.isArray(lines) || !lines.length || !Number.isFinite(t)) return { index: -1, current: null, next: lines && lines.length ? lines[0] : null }
  // The last line that has started (binary search: called on every animation frame).
  let lo = 0
  let hi = lines.length - 1
  let started = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (lines[mid].start <= t) {
      started = mid
      lo = mid + 1
    } else {
      hi = mid - 1
    }
  }
  const next = lines[started + 1] || null
  if (started >= 0 && t < lines[started].end) return { index: started, current: lines[started], next }
  return { index: -1, current: null, next }
}
