#!/usr/bin/env node
// End-to-end test of the web studio: the real `omg serve` binary on 127.0.0.1 (free port, temp
// data dir) and Debian's Chromium driven by playwright-core, through the accessible names a
// person (or a screen reader) would use. Screenshots of the main states, desktop and phone
// width, land in web/test-artifacts/.
//
//   node web/e2e/run.mjs [path/to/omg]        (default: build/src/app/omg, then build-web/...)
//
// Environment: OMG_CHROMIUM (default /usr/bin/chromium). Exits 0 when every step passes, 1 on
// a failure (with failure.png and the server log in test-artifacts), 77 when no browser is
// installed (ctest reports it as skipped).
import fs from 'node:fs'
import path from 'node:path'
import { artifacts, check, launchBrowser, prepare, repo, sleep, startServer as serve, until } from './harness.mjs'

const { omg, tmp } = prepare('web e2e')
for (const f of fs.readdirSync(artifacts)) if (/\.(png|log)$/.test(f) && !f.startsWith('show-') && !f.startsWith('circus-')) fs.rmSync(path.join(artifacts, f))
const serverLog = []

// ---- the server -----------------------------------------------------------------------------
let server = null
async function startServer(port = 0) {
  server = await serve({ omg, tmp, port, workers: 2, log: serverLog })
  return server
}
async function stopServer() {
  if (!server) return
  const s = server
  server = null
  await s.stop()
}

// ---- helpers --------------------------------------------------------------------------------
const base = () => `http://127.0.0.1:${server.port}`
async function apiJson(method, p, body) {
  const r = await fetch(base() + p, { method, headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  return { status: r.status, json: await r.json().catch(() => null) }
}
const filters = (page) => page.getByRole('radiogroup', { name: 'Filter by status' })
const shots = []
async function shot(page, name) {
  const file = path.join(artifacts, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  shots.push(name)
}
function magicOk(kind, bytes) {
  const ascii = (a, b) => bytes.subarray(a, b).toString('latin1')
  switch (kind) {
    case 'mp3':
      return ascii(0, 3) === 'ID3' || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0)
    case 'wav':
      return ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE'
    case 'flac':
      return ascii(0, 4) === 'fLaC'
    case 'ogg':
      return ascii(0, 4) === 'OggS'
    case 'midi':
      return ascii(0, 4) === 'MThd'
    case 'stems':
      return ascii(0, 4) === 'PK\x03\x04' && bytes.includes(Buffer.from('.flac'))
    default:
      return false
  }
}

// ---- the steps ------------------------------------------------------------------------------
const steps = []
const step = (name, fn) => steps.push({ name, fn })
const ctx = {}

step('the studio opens with its labelled controls and says the server is online', async ({ page }) => {
  await page.goto(base() + '/')
  await page.getByRole('textbox', { name: 'Prompt' }).waitFor()
  await page.getByRole('button', { name: 'Generate' }).waitFor()
  await page.getByText('Server: Online').waitFor({ timeout: 15000 })
  check((await page.getByRole('link', { name: 'API docs' }).getAttribute('href')) === '/docs', 'the API docs link goes to /docs')
  await until('the style quick-picks', async () => (await page.getByRole('button', { name: /^Add style / }).count()) >= 8)
  // The build's scripts and styles come with their content types.
  const assets = await page.evaluate(() => [...document.querySelectorAll('script[src], link[rel=stylesheet]')].map((e) => e.src || e.href))
  for (const a of assets) {
    const r = await fetch(a)
    const type = r.headers.get('content-type') || ''
    check(r.ok && (a.endsWith('.js') ? type.startsWith('text/javascript') : type.startsWith('text/css')), `asset ${a} served as ${type}`)
  }
  await shot(page, '01-empty-desktop')
})

step('the interpretation follows the prompt as it is typed', async ({ page }) => {
  const prompt = page.getByRole('textbox', { name: 'Prompt' })
  await prompt.click()
  await prompt.pressSequentially('upbeat circus march with brass, 140 bpm', { delay: 15 })
  const panel = page.getByTestId('interpretation')
  await until('the interpretation', async () => {
    const t = await panel.innerText()
    return t.includes('Circus march') && t.includes('140 BPM') && /brass/i.test(t)
  })
  // A quick-pick adds to the prompt, and the preview follows.
  await prompt.fill('dreamy, 90 bpm')
  await page.getByRole('button', { name: /^All styles/ }).click()
  await page.getByRole('button', { name: 'Add style Waltz' }).click()
  await until('the style pick added to the prompt', async () => (await prompt.inputValue()) === 'dreamy, 90 bpm, waltz', 5000)
  await until('the preview to change', async () => {
    const t = await panel.innerText()
    return t.includes('Waltz') && t.includes('3/4')
  })
  await prompt.fill('upbeat circus march with brass, 140 bpm')
  await until('the preview to change back', async () => (await panel.innerText()).includes('Circus march'))
  await shot(page, '02-interpretation')
})

step('two versions of a 10 s track: progress reaches 100%', async ({ page }) => {
  await page.getByLabel('Duration').fill('10')
  await page.getByLabel('Versions').selectOption('2')
  await page.getByText('Advanced options').click()
  await page.getByLabel('Loudness').selectOption('broadcast')
  await page.getByLabel('Sound', { exact: true }).selectOption('best')
  await page.getByRole('button', { name: 'Generate' }).click()
  const card = page.locator('li[data-job-id]', { hasText: 'upbeat circus march with brass, 140 bpm' }).first()
  await card.waitFor()
  ctx.jobId = await card.getAttribute('data-job-id')
  const bar = card.getByRole('progressbar')
  const seen = []
  let shotTaken = false
  await until('the job to complete', async () => {
    const status = await card.getAttribute('data-status')
    const value = Number(await bar.getAttribute('aria-valuenow'))
    if (seen[seen.length - 1] !== value) seen.push(value)
    if (status === 'processing' && !shotTaken && value > 0) {
      shotTaken = true
      await shot(page, '03-generating')
    }
    if (status === 'failed') throw new Error(`the job failed: ${await card.innerText()}`)
    return status === 'completed'
  }, 90000, 50)
  check(Number(await bar.getAttribute('aria-valuenow')) === 100, 'the progress bar ends at 100')
  check(seen.every((v, i) => i === 0 || v >= seen[i - 1]), `progress never goes back (${seen.join(', ')})`)
  console.log(`    progress seen: ${seen.map((v) => `${v}%`).join(' → ')}`)
  await card.getByRole('article', { name: 'Version 2' }).waitFor()
  check((await card.locator('audio').count()) === 2, 'one audio element per version')
  ctx.card = card
  await shot(page, '04-completed')
})

step('the mix of version 1: mastered for broadcast, played by MuseScore_General, every part with its role, loudness and stem', async ({ page }) => {
  const card = ctx.card
  const player = card.getByRole('article', { name: 'Version 1' })
  const mix = player.locator('[data-testid="mix"]')
  const summary = await mix.locator('[data-testid="mix-loudness"]').innerText()
  const lufs = Number((summary.match(/(-?[\d.]+) LUFS/) || [])[1])
  check(summary.includes('mastered for broadcast') && Math.abs(lufs + 23) <= 0.5, `the loudness says broadcast at -23 LUFS (${summary})`)
  const font = await mix.locator('[data-testid="mix-soundfont"]').innerText()
  check(font.includes('MuseScore_General'), `the best sound was asked for and played (${font})`)
  await mix.locator('summary').click()
  const table = player.getByRole('table', { name: 'Parts of version 1' })
  await table.waitFor()
  const rows = table.locator('tbody tr')
  const n = await rows.count()
  check(n >= 3, `the parts are listed (${n})`)
  for (let i = 0; i < n; ++i) {
    const cells = await rows.nth(i).locator('th, td').allInnerTexts()
    check(/^(GM \d+|kit \d+)$/.test(cells[1]) && cells[2].length > 0, `part ${cells[0]}: a program and a role (${cells.join(' | ')})`)
    check(/^-\d+(\.\d)? LUFS$/.test(cells[3]), `part ${cells[0]}: its loudness (${cells[3]})`)
    const href = await rows.nth(i).locator('a').getAttribute('href')
    const r = await fetch(base() + href)
    check(r.ok && (await r.arrayBuffer()).byteLength > 1000, `part ${cells[0]}: its stem downloads (${href})`)
  }
  await shot(page, '04b-mix')
})

step('play version 1: its currentTime advances', async ({ page }) => {
  const card = ctx.card
  await card.getByRole('button', { name: 'Play version 1' }).click()
  const audio = card.locator('audio[data-version="1"]')
  const t1 = await until('playback to start', async () => {
    const t = await audio.evaluate((a) => a.currentTime)
    return t > 0.2 && t
  }, 15000)
  await sleep(700)
  const t2 = await audio.evaluate((a) => a.currentTime)
  check(t2 > t1 + 0.3, `currentTime advances (${t1} → ${t2})`)
  await card.getByRole('button', { name: 'Pause version 1' }).waitFor()
  await shot(page, '05-playing')
})

step('seek on the waveform, by pointer and by keyboard', async () => {
  const card = ctx.card
  const audio = card.locator('audio[data-version="1"]')
  const slider = card.getByRole('slider', { name: 'Seek in version 1' })
  const box = await slider.boundingBox()
  await slider.click({ position: { x: box.width * 0.6, y: box.height / 2 } })
  const t = await audio.evaluate((a) => a.currentTime)
  check(t > 5 && t < 7.5, `a click at 60% seeks to about 6 s (got ${t.toFixed(2)})`)
  await slider.press('Home')
  check((await audio.evaluate((a) => a.currentTime)) < 1, 'Home seeks to the start')
  await slider.press('ArrowRight')
  const k = await audio.evaluate((a) => a.currentTime)
  check(k >= 4.5 && k < 6.5, `ArrowRight moves 5 s (got ${k.toFixed(2)})`)
})

step('A/B: switching to version 2 keeps the playback position', async () => {
  const card = ctx.card
  const a = card.locator('audio[data-version="1"]')
  const b = card.locator('audio[data-version="2"]')
  await until('version 1 to play', async () => !(await a.evaluate((x) => x.paused)) && (await a.evaluate((x) => x.currentTime)) > 5.2)
  await card.getByRole('button', { name: /^A\/B: switch to version 2/ }).click()
  const [aPaused, aTime] = await a.evaluate((x) => [x.paused, x.currentTime])
  await until('version 2 to play', async () => !(await b.evaluate((x) => x.paused)))
  const bTime = await b.evaluate((x) => x.currentTime)
  check(aPaused, 'version 1 stops')
  check(Math.abs(bTime - aTime) < 0.75, `version 2 continues at the same position (${aTime.toFixed(2)} vs ${bTime.toFixed(2)})`)
  check((await card.getByRole('button', { name: /^A\/B: switch to version 2/ }).getAttribute('aria-pressed')) === 'true', 'B is shown as selected')
})

step('the space bar pauses and plays', async ({ page }) => {
  const b = ctx.card.locator('audio[data-version="2"]')
  await page.evaluate(() => document.activeElement && document.activeElement.blur())
  await page.keyboard.press('Space')
  await until('a pause', async () => b.evaluate((x) => x.paused), 3000)
  await page.keyboard.press('Space')
  await until('playing again', async () => !(await b.evaluate((x) => x.paused)), 3000)
  await page.keyboard.press('Space')
  await until('a pause', async () => b.evaluate((x) => x.paused), 3000)
})

step('every download is the format it says (MP3, WAV, FLAC, OGG, MIDI, stems)', async ({ page }) => {
  const card = ctx.card
  const names = await card.getByRole('link', { name: /^Download/ }).count()
  check(names >= 12, `six download links per version (found ${names})`)
  for (const [kind, label] of [['mp3', 'MP3'], ['wav', 'WAV'], ['flac', 'FLAC'], ['ogg', 'OGG'], ['midi', 'MIDI'], ['stems', 'stems']]) {
    const link = card.getByRole('link', { name: new RegExp(`^Download ${label} of version 1`) })
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    const file = await download.path()
    const bytes = fs.readFileSync(file)
    check(bytes.length > 1000 && magicOk(kind, bytes), `${label}: ${bytes.length} bytes starting ${JSON.stringify(bytes.subarray(0, 8).toString('latin1'))}`)
    console.log(`    ${label.padEnd(5)} ${String(bytes.length).padStart(9)} bytes, ${download.suggestedFilename()}`)
  }
})

step('phone width: the same studio, one column', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await sleep(300)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  check(overflow <= 1, `nothing sticks out sideways (${overflow}px)`)
  await shot(page, '06-phone-top')
  await ctx.card.scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(artifacts, '07-phone-player.png') })
  shots.push('07-phone-player')
  await page.setViewportSize({ width: 1366, height: 900 })
})

step('the queue: waiting jobs show their place, move up, and cancel', async ({ page }) => {
  // A long job from the form (a style quick-pick into an empty prompt), three more by the API.
  const prompt = page.getByRole('textbox', { name: 'Prompt' })
  await prompt.fill('')
  await page.getByRole('button', { name: 'Add style Ambient' }).click()
  await until('a quick-pick to fill the empty prompt', async () => (await prompt.inputValue()) === 'ambient', 5000)
  await page.getByLabel('Duration').fill('600')
  await page.getByLabel('Versions').selectOption('1')
  await page.getByRole('button', { name: 'Generate' }).click()
  const longId = await until('the long job', async () => {
    const q = await apiJson('GET', '/api/v1/queue')
    const item = q.json.items.find((i) => i.prompt === 'ambient')
    return item && item.job_id
  })
  const long = page.locator(`li[data-job-id="${longId}"]`)
  await until('the long job to start', async () => (await long.getAttribute('data-status')) === 'processing', 30000)
  // One job running: exactly one "Cancel" on the page, whatever else is there.
  check((await page.getByRole('button', { name: 'Cancel' }).count()) === 1, 'one Cancel button for the one running job')
  const ids = []
  for (const p of ['long queue test one', 'long queue test two', 'long queue test three']) {
    const r = await apiJson('POST', '/api/v1/generate', { prompt: `${p}, ambient`, duration_s: 600, num_versions: 1, stems: false })
    check(r.status === 200, `queued by the API (${r.status})`)
    ids.push(r.json.job_id)
  }
  const cardOf = (id) => page.locator(`li[data-job-id="${id}"]`)
  // Two workers: one more starts, two wait. The last one moves up to first in line.
  await until('two jobs waiting', async () => (await page.locator('li[data-status="pending"]').count()) === 2, 20000)
  const waiting = page.locator('li[data-status="pending"]')
  const lastId = await waiting.nth(1).getAttribute('data-job-id')
  await cardOf(lastId).getByText('2nd in line', { exact: true }).waitFor()
  await cardOf(lastId).getByRole('button', { name: 'Move up in the queue' }).click()
  await cardOf(lastId).getByText('1st in line', { exact: true }).waitFor({ timeout: 10000 })
  const pct = Number(await long.getByRole('progressbar').getAttribute('aria-valuenow'))
  check(pct < 100, 'the long job is still running')
  await filters(page).getByRole('radio', { name: /^In progress/ }).check()
  await shot(page, '08-queue')
  // Cancel the waiting ones and the long one: each says Cancelled at once.
  for (const id of [...ids.filter((x) => x !== lastId), lastId]) {
    const c = cardOf(id)
    if ((await c.count()) && ['pending', 'processing'].includes(await c.getAttribute('data-status'))) {
      await c.getByRole('button', { name: 'Cancel' }).click()
    }
  }
  ctx.longId = longId
  await filters(page).getByRole('radio', { name: /^All/ }).check()
  await cardOf(ctx.longId).getByRole('button', { name: 'Cancel' }).click()
  await until('the long job to say cancelled', async () => (await cardOf(ctx.longId).getAttribute('data-status')) === 'cancelled', 10000)
  const r = await apiJson('GET', `/api/v1/jobs/${ctx.longId}`)
  check(r.json.status === 'cancelled', `the server agrees: ${r.json.status}`)
  await until('every job cancelled on the server', async () => {
    for (const id of ids) if ((await apiJson('GET', `/api/v1/jobs/${id}`)).json.status !== 'cancelled') return false
    return true
  }, 10000)
  await shot(page, '09-cancelled')
})

step('lyrics: Write shows the server’s answer, Undo is wired', async ({ page }) => {
  await page.locator('summary', { hasText: 'Lyrics' }).click()
  await page.getByLabel('Topic').fill('a tightrope walker')
  const write = page.getByRole('button', { name: /^(Write|Refine) lyrics$/ })
  await write.click()
  const note = page.getByTestId('lyrics-note')
  await until('an answer', async () => {
    const lyrics = await page.getByLabel('Lyrics', { exact: true }).inputValue()
    return lyrics.trim() || ((await note.count()) && (await note.innerText()).length > 10)
  }, 15000)
  const lyrics = await page.getByLabel('Lyrics', { exact: true }).inputValue()
  if (lyrics.trim()) {
    console.log(`    lyrics written: ${lyrics.trim().split('\n').length} lines`)
    await shot(page, '10-lyrics')
    await page.getByRole('button', { name: 'Undo' }).click()
    check((await page.getByLabel('Lyrics', { exact: true }).inputValue()) === '', 'Undo brings back the empty lyrics')
  } else {
    console.log(`    server says: ${await note.innerText()}`)
    check(await page.getByRole('button', { name: 'Undo' }).isDisabled(), 'nothing to undo yet')
    await shot(page, '10-lyrics')
  }
  await page.locator('summary', { hasText: 'Lyrics' }).click()
})

step('a sung track: lyrics with Vocals on, the line being sung shows as it plays, LRC and WebVTT download', async ({ page }) => {
  const prompt = page.getByRole('textbox', { name: 'Prompt' })
  await prompt.fill('a gentle pop song about the sea')
  await page.getByLabel('Duration').fill('20')
  await page.getByLabel('Versions').selectOption('1')
  const fold = page.locator('form summary', { hasText: 'Lyrics' })
  await fold.click()
  await page.getByLabel('Lyrics', { exact: true }).fill('[Verse]\nThe sea is calling me home\nI hear it under the stars\n\n[Chorus]\nSing with the sea tonight\nSing till the morning light\n')
  await page.getByTestId('vocals-on').check()
  await page.getByRole('button', { name: 'Generate' }).click()
  const card = page.locator('li[data-job-id]', { hasText: 'a gentle pop song about the sea' }).first()
  await card.waitFor()
  const id = await card.getAttribute('data-job-id')
  await until('the sung job to complete', async () => {
    const status = await card.getAttribute('data-status')
    if (status === 'failed') throw new Error(`the job failed: ${await card.innerText()}`)
    return status === 'completed'
  }, 120000, 100)
  const meta = (await apiJson('GET', `/api/v1/jobs/${id}`)).json.versions[0].metadata
  check(meta.vocals === true && Array.isArray(meta.lines) && meta.lines.length >= 2, `the version sings (vocals ${meta.vocals}, ${meta.lines && meta.lines.length} lines)`)
  console.log(`    sung lines: ${meta.lines.map((l) => `${l.start_s.toFixed(1)}-${l.end_s.toFixed(1)} ${l.text}`).join(' | ')}`)
  const current = card.getByTestId('karaoke-current')
  const next = card.getByTestId('karaoke-next')
  const audio = card.locator('audio[data-version="1"]')
  const [first, second] = meta.lines
  await audio.evaluate((a, t) => (a.currentTime = t), (first.start_s + first.end_s) / 2)
  await until('the first line to show', async () => (await current.innerText()).includes(first.text), 5000)
  check((await next.innerText()) === second.text, 'the next line is shown under it')
  // Playing from just before the second line: the studio moves on to it by itself.
  await audio.evaluate((a, t) => (a.currentTime = t), Math.max(first.start_s, second.start_s - 0.6))
  await card.getByRole('button', { name: 'Play version 1' }).click()
  await until('the second line while playing', async () => (await current.innerText()).includes(second.text), 10000)
  await shot(page, '10b-karaoke')
  await card.getByRole('button', { name: 'Pause version 1' }).click()
  for (const [label, head] of [['LRC', '[ti:'], ['WebVTT subtitles', 'WEBVTT']]) {
    const link = card.getByRole('link', { name: `Download the timed lyrics of version 1 (${label})` })
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    const text = fs.readFileSync(await download.path(), 'utf8')
    check(text.startsWith(head) && text.includes(first.text), `${label}: starts ${JSON.stringify(text.slice(0, 12))} and has the first line`)
    console.log(`    ${label.padEnd(16)} ${String(text.length).padStart(6)} bytes, ${download.suggestedFilename()}`)
  }
  await page.getByTestId('vocals-auto').check()
  await fold.click()
})

step('a hit point: the preview says where it lands, and the waveform marks it there', async ({ page }) => {
  const prompt = page.getByRole('textbox', { name: 'Prompt' })
  await prompt.fill('cinematic trailer with drums')
  await page.getByLabel('Duration').fill('20')
  await page.getByLabel('Versions').selectOption('1')
  const fold = page.locator('form summary', { hasText: 'Hit points' })
  await fold.click()
  await page.getByRole('button', { name: 'Add hit' }).click()
  const at = page.getByLabel('Hit 1 time')
  // The studio checks a row as the server would, beside it.
  await at.fill('8:0')
  await page.getByRole('button', { name: 'Generate' }).click()
  const rowError = page.locator('li[data-hit="0"] .field-error')
  await until('the row’s error', async () => /BAR:BEAT/.test((await rowError.innerText().catch(() => '')) || ''), 5000)
  await at.fill('12')
  await page.getByLabel('Hit 1 kind').selectOption('accent')
  check((await rowError.count()) === 0, 'the error goes when the row is fixed')
  const preview = page.getByTestId('interpretation').locator('[data-field="hits"]')
  const said = await until('the preview to say where the hit lands', async () => {
    const t = (await preview.innerText().catch(() => '')) || ''
    return /Accent at 12 s: bar \d+, 1[12]\.\d\d s/.test(t) && t
  })
  console.log(`    preview: ${said.replace(/\s+/g, ' ')}`)
  await shot(page, '10c-hit-preview')
  await page.getByRole('button', { name: 'Generate' }).click()
  const card = page.locator('li[data-job-id]', { hasText: 'cinematic trailer with drums' }).first()
  await card.waitFor()
  const id = await card.getAttribute('data-job-id')
  await until('the job with a hit to complete', async () => {
    const status = await card.getAttribute('data-status')
    if (status === 'failed') throw new Error(`the job failed: ${await card.innerText()}`)
    return status === 'completed'
  }, 120000, 100)
  const version = (await apiJson('GET', `/api/v1/jobs/${id}`)).json.versions[0]
  const hit = version.metadata.hits[0]
  check(hit.met === true && hit.kind === 'accent' && Math.abs(hit.landed_s - 12) <= 0.01, `the hit landed at 12 s (${JSON.stringify(hit)})`)
  check(Array.isArray(version.metadata.tempo_map) && version.metadata.tempo_map.length >= 1, 'the version has its tempo map')
  const player = card.getByRole('article', { name: 'Version 1' })
  const audio = card.locator('audio[data-version="1"]')
  await audio.evaluate((a) => {
    a.preload = 'metadata'
    if (!Number.isFinite(a.duration)) a.load()
  })
  const length = await until('the audio’s length', async () => {
    const d = await audio.evaluate((a) => a.duration)
    return Number.isFinite(d) && d > 0 && d
  }, 15000)
  const mark = player.getByTestId('hit-mark')
  await mark.waitFor()
  check((await mark.innerText()) === 'Accent' && (await mark.getAttribute('data-kind')) === 'accent', 'the mark says its kind')
  const track = await player.getByRole('slider').boundingBox()
  await until('the mark at the hit’s place', async () => {
    const box = await mark.boundingBox()
    const want = track.x + (hit.landed_s / length) * track.width
    return Math.abs(box.x - want) <= 2
  }, 5000)
  const box = await mark.boundingBox()
  console.log(`    mark at x=${(box.x - track.x).toFixed(1)} of ${track.width.toFixed(0)} px; the hit at ${hit.landed_s} s of ${length.toFixed(2)} s (bar ${hit.bar})`)
  await shot(page, '10d-hit-mark')
  await page.getByRole('button', { name: 'Remove hit 1' }).click()
  await fold.click()
})

step('“Use as preset” puts a job back in the form', async ({ page }) => {
  const card = page.locator(`li[data-job-id="${ctx.jobId}"]`)
  await card.getByRole('button', { name: 'Use as preset' }).click()
  const prompt = page.getByRole('textbox', { name: 'Prompt' })
  await until('the preset', async () => (await prompt.inputValue()) === 'upbeat circus march with brass, 140 bpm')
  check((await page.getByLabel('Duration').inputValue()) === '10', 'duration from the preset')
  check((await page.getByLabel('Versions').inputValue()) === '2', 'versions from the preset')
})

step('a reload keeps the history and what was typed', async ({ page }) => {
  const prompt = page.getByRole('textbox', { name: 'Prompt' })
  await prompt.fill('unsaved idea: slow funk with a fat bassline')
  await sleep(200)
  await page.reload()
  await page.locator(`li[data-job-id="${ctx.jobId}"][data-status="completed"]`).waitFor()
  check((await page.locator(`li[data-job-id="${ctx.jobId}"] audio`).count()) === 2, 'both versions are back')
  check((await prompt.inputValue()) === 'unsaved idea: slow funk with a fat bassline', 'the typed prompt survives the reload')
  await shot(page, '11-after-reload')
})

step('server down: a banner, nothing typed is lost; server back: history is there', async ({ page }) => {
  const port = server.port
  await stopServer()
  const banner = page.getByTestId('offline-banner')
  await banner.waitFor({ timeout: 20000 })
  await page.getByText('Server: Offline').waitFor()
  const prompt = page.getByRole('textbox', { name: 'Prompt' })
  await prompt.fill('typed while the server was away')
  await page.getByRole('button', { name: 'Generate' }).click()
  await page.getByText('nothing was queued').waitFor({ timeout: 10000 })
  check((await prompt.inputValue()) === 'typed while the server was away', 'the prompt is kept')
  await shot(page, '12-offline')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: path.join(artifacts, '13-offline-phone.png') })
  shots.push('13-offline-phone')
  await page.setViewportSize({ width: 1366, height: 900 })
  await startServer(port)
  await banner.waitFor({ state: 'detached', timeout: 20000 })
  await page.getByText('Server: Online').waitFor()
  await page.reload()
  await page.locator(`li[data-job-id="${ctx.jobId}"][data-status="completed"]`).waitFor()
  check((await prompt.inputValue()) === 'typed while the server was away', 'the prompt survives the restart and a reload')
  await shot(page, '14-after-restart')
})

// ---- run ------------------------------------------------------------------------------------
const started = Date.now()
let browser = null
let failed = null
let passed = 0
const pageErrors = []
try {
  await startServer(0)
  browser = await launchBrowser({ tmp }, { acceptDownloads: true })
  const page = browser.pages()[0] || (await browser.newPage())
  page.setDefaultTimeout(15000)
  page.on('pageerror', (e) => pageErrors.push(e.message))
  for (const s of steps) {
    const t0 = Date.now()
    try {
      await s.fn({ page })
      if (pageErrors.length) throw new Error(`script error in the page: ${pageErrors.join('; ')}`)
      passed++
      console.log(`  ok   ${s.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
    } catch (e) {
      failed = { step: s.name, error: e }
      console.log(`  FAIL ${s.name}\n       ${e.message.split('\n').join('\n       ')}`)
      await page.screenshot({ path: path.join(artifacts, 'failure.png'), fullPage: true }).catch(() => {})
      break
    }
  }
} catch (e) {
  failed = { step: 'set-up', error: e }
  console.log(`  FAIL set-up: ${e.message}`)
} finally {
  if (browser) await browser.close().catch(() => {})
  await stopServer().catch(() => {})
  fs.writeFileSync(path.join(artifacts, 'server.log'), serverLog.join(''))
  fs.rmSync(tmp, { recursive: true, force: true })
}
const secs = ((Date.now() - started) / 1000).toFixed(1)
console.log(`web e2e: ${passed}/${steps.length} steps passed in ${secs} s; screenshots in ${path.relative(repo, artifacts)}/ (${shots.join(', ')})`)
process.exit(failed ? 1 : 0)
