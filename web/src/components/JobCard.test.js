import { describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import JobCard from './JobCard.vue'
import { createPlayers } from '../lib/players.js'
import { fakeApi, completedJob } from '../testing/fakes.js'

function setup(job, props = {}) {
  const jobs = { cancel: vi.fn(async () => {}), remove: vi.fn(async () => {}), move: vi.fn(async () => {}), preset: vi.fn(async () => ({ prompt: job.prompt, duration: 10 })) }
  const players = createPlayers()
  const wrapper = mount(JobCard, { props: { job, now: 1000, ...props }, global: { provide: { api: fakeApi(), jobs, players } } })
  return { wrapper, jobs, players }
}
const byText = (w, text) => w.findAll('button').find((b) => b.text() === text)

describe('JobCard', () => {
  it('a running job: a real progress bar with the stage, the version and the time left', () => {
    const { wrapper } = setup({ job_id: 'j', status: 'processing', progress: 62.4, stage: 'render', num_versions: 2, duration: 30, prompt: 'swing', eta_at: 1000 + 4000 })
    const bar = wrapper.find('[role="progressbar"]')
    expect(bar.attributes('aria-valuenow')).toBe('62')
    expect(bar.attributes('aria-valuetext')).toBe('Rendering · version 2 of 2 · 62% · about 4 s left')
    expect(bar.find('.fill').attributes('style')).toContain('width: 62.4%')
    expect(wrapper.text()).toContain('Generating')
    expect(byText(wrapper, 'Cancel')).toBeTruthy()
    expect(byText(wrapper, 'Remove')).toBeFalsy()
  })

  it('cancel, then the card says so', async () => {
    const { wrapper, jobs } = setup({ job_id: 'j', status: 'pending', progress: 0, num_versions: 1, prompt: 'x' }, { place: 2, canMoveUp: true })
    expect(wrapper.text()).toContain('2nd in line')
    await byText(wrapper, 'Cancel').trigger('click')
    await flushPromises()
    expect(jobs.cancel).toHaveBeenCalledWith('j')
    await wrapper.setProps({ job: { job_id: 'j', status: 'cancelled', progress: 0, num_versions: 1, prompt: 'x' } })
    expect(wrapper.find('.badge').text()).toBe('Cancelled')
  })

  it('reorders waiting jobs', async () => {
    const { wrapper, jobs } = setup({ job_id: 'j', status: 'pending', num_versions: 1, prompt: 'x' }, { place: 2, canMoveUp: true, canMoveDown: false })
    const up = wrapper.find('button[aria-label="Move up in the queue"]')
    const down = wrapper.find('button[aria-label="Move down in the queue"]')
    expect(down.attributes('disabled')).toBeDefined()
    await up.trigger('click')
    expect(jobs.move).toHaveBeenCalledWith('j', -1)
  })

  it('a failed job says why, in words; a failed action too', async () => {
    const { wrapper, jobs } = setup({ job_id: 'j', status: 'failed', progress: 40, error: 'The engine could not make this prompt', num_versions: 1, prompt: 'x' })
    expect(wrapper.text()).toContain('Failed: The engine could not make this prompt')
    jobs.remove.mockRejectedValueOnce(new Error('The OMG server cannot be reached.'))
    await byText(wrapper, 'Remove').trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toBe('The OMG server cannot be reached.')
  })

  it('use as preset hands the job’s settings up', async () => {
    const { wrapper, jobs } = setup(completedJob())
    await byText(wrapper, 'Use as preset').trigger('click')
    await flushPromises()
    expect(jobs.preset).toHaveBeenCalledWith('job-done')
    expect(wrapper.emitted('preset')[0][0]).toMatchObject({ prompt: 'upbeat circus march with brass' })
  })

  it('a finished job: one audio element per version, A/B, and downloads named Download…', async () => {
    const { wrapper, players } = setup(completedJob(), { preferredFormat: 'flac' })
    await flushPromises()
    const audios = wrapper.findAll('audio')
    expect(audios).toHaveLength(2)
    expect(audios[0].attributes('src')).toBe('/api/v1/versions/v-1/audio?format=mp3')
    expect(wrapper.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('100')

    const links = wrapper.findAll('a[download]')
    const names = links.map((a) => a.attributes('aria-label'))
    expect(names.every((n) => n.startsWith('Download'))).toBe(true)
    const v1 = names.filter((n) => n.includes('version 1'))
    expect(v1[0]).toBe('Download FLAC of version 1') // the chosen output format first
    expect(v1).toEqual(expect.arrayContaining(['Download MP3 of version 1', 'Download WAV of version 1', 'Download OGG of version 1', 'Download MIDI of version 1']))
    expect(v1.some((n) => n.startsWith('Download stems of version 1'))).toBe(true)
    expect(names.some((n) => n.startsWith('Download stems of version 2'))).toBe(false) // made without stems
    const hrefs = links.map((a) => a.attributes('href'))
    expect(hrefs).toEqual(expect.arrayContaining(['/api/v1/versions/v-1/audio?format=wav', '/api/v1/versions/v-1/midi', '/api/v1/versions/v-1/stems.zip']))

    const a = audios[0].element
    const b = audios[1].element
    a.currentTime = 4.5
    await wrapper.find('button[aria-label="Play version 1"]').trigger('click')
    expect(a.paused).toBe(false)
    await wrapper.find('button[aria-label^="A/B: switch to version 2"]').trigger('click')
    expect(a.paused).toBe(true)
    expect(b.paused).toBe(false)
    expect(b.currentTime).toBeCloseTo(4.5)
    expect(players.current()).toBe('v-2')
  })

  it('shows the job’s lyrics below the players: collapsible, with section tags, as text', async () => {
    const lyrics = '[Verse 1]\r\nTightrope high\nNo net below\n\n[Chorus]\nRoll up, roll up <b>now</b>\n'
    const { wrapper } = setup(completedJob({ lyrics }))
    await flushPromises()
    const block = wrapper.find('[data-testid="job-lyrics"]')
    expect(block.exists()).toBe(true)
    expect(block.element.tagName).toBe('DETAILS')
    expect(block.element.open).toBe(true) // a finished job: open beside its players
    expect(block.find('summary').text()).toMatch(/Lyrics\s*3 lines/)
    expect(block.findAll('.section-tag').map((t) => t.text())).toEqual(['Verse 1', 'Chorus'])
    expect(block.findAll('.line').map((t) => t.text())).toEqual(['Tightrope high', 'No net below', 'Roll up, roll up <b>now</b>'])
    expect(block.find('b').exists()).toBe(false) // text, never HTML
    // after the players in the card
    const html = wrapper.html()
    expect(html.indexOf('data-testid="job-lyrics"')).toBeGreaterThan(html.lastIndexOf('<audio'))
    expect(wrapper.find('.details').text()).toContain('lyrics')
  })

  it('no lyrics, no block; a waiting job keeps its lyrics folded', () => {
    expect(setup(completedJob()).wrapper.find('[data-testid="job-lyrics"]').exists()).toBe(false)
    expect(setup(completedJob({ lyrics: '  \n ' })).wrapper.find('[data-testid="job-lyrics"]').exists()).toBe(false)
    const waiting = setup(completedJob({ status: 'pending', versions: null, lyrics: 'la la' })).wrapper.find('[data-testid="job-lyrics"]')
    expect(waiting.exists()).toBe(true)
    expect(waiting.element.open).toBe(false)
    expect(waiting.find('.section-tag').exists()).toBe(false)
  })
})
