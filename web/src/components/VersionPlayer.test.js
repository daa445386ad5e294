import { describe, expect, it } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import VersionPlayer from './VersionPlayer.vue'
import { createPlayers } from '../lib/players.js'
import { fakeApi } from '../testing/fakes.js'

const sung = {
  id: 'v-9',
  metadata: {
    duration: 12,
    vocals: true,
    lrc_url: '/api/v1/versions/v-9/lyrics.lrc',
    vtt_url: '/api/v1/versions/v-9/lyrics.vtt',
    lines: [
      { start_s: 2, end_s: 4.5, section: 'Verse 1', text: 'Tightrope high' },
      { start_s: 4.5, end_s: 7, section: 'Verse 1', text: 'No net below' },
    ],
  },
}

function setup(version) {
  return mount(VersionPlayer, { props: { version, index: 0, jobId: 'j', prompt: 'circus song' }, global: { provide: { api: fakeApi(), players: createPlayers() } } })
}

describe('VersionPlayer', () => {
  it('shows the line being sung, karaoke-style, and the next one dimmed', async () => {
    const wrapper = setup(sung)
    await flushPromises()
    const current = () => wrapper.find('[data-testid="karaoke-current"]')
    const next = () => wrapper.find('[data-testid="karaoke-next"]')
    expect(current().text()).toBe('…')
    expect(current().classes()).toContain('idle')
    expect(next().text()).toBe('Tightrope high')

    const audio = wrapper.find('audio')
    audio.element.currentTime = 3
    await audio.trigger('timeupdate')
    expect(current().text()).toBe('Verse 1Tightrope high')
    expect(current().find('.section').text()).toBe('Verse 1')
    expect(current().classes()).not.toContain('idle')
    expect(next().text()).toBe('No net below')

    audio.element.currentTime = 5
    await audio.trigger('seeked')
    expect(current().text()).toContain('No net below')
    expect(next().text()).toBe('')
  })

  it('plays and offers only the formats the version has (a cue loop has no MP3)', () => {
    const cue = { id: 'v-cue', metadata: { duration: 8, formats: { wav: '/w', flac: '/f', ogg: '/o' } } }
    const wrapper = setup(cue)
    expect(wrapper.find('audio').attributes('src')).toBe('/api/v1/versions/v-cue/audio?format=ogg')
    const formats = wrapper.findAll('.dl').map((a) => a.attributes('data-format'))
    expect(formats).not.toContain('mp3')
    expect(formats.slice(0, 3).sort()).toEqual(['flac', 'ogg', 'wav'])
    const track = setup({ id: 'v-1', metadata: { duration: 8 } })
    expect(track.find('audio').attributes('src')).toBe('/api/v1/versions/v-1/audio?format=mp3')
  })

  it('offers the timed lyrics as LRC and WebVTT downloads when the version sings', () => {
    const wrapper = setup(sung)
    const lrc = wrapper.find('a[data-format="lrc"]')
    const vtt = wrapper.find('a[data-format="vtt"]')
    expect(lrc.attributes('href')).toBe('/api/v1/versions/v-9/lyrics.lrc')
    expect(lrc.attributes('download')).toBe('omg-circus-song-v1.lrc')
    expect(lrc.attributes('aria-label')).toBe('Download the timed lyrics of version 1 (LRC)')
    expect(vtt.attributes('href')).toBe('/api/v1/versions/v-9/lyrics.vtt')
    expect(vtt.attributes('download')).toBe('omg-circus-song-v1.vtt')
  })

  it('reads the brief as the engine writes it (key and mode apart) and as older versions stored it', () => {
    const now = setup({ id: 'v-1', metadata: { duration: 10, seed: 3, brief: { key: 'F', mode: 'major', tempo_bpm: 139.6, time_signature: '2/4' } } })
    expect(now.find('.facts').text()).toBe('F major · 140 BPM · 2/4 · seed 3')
    const before = setup({ id: 'v-2', metadata: { duration: 10, brief: { key: 'D minor', mode: 'minor', tempo_bpm: 90 } } })
    expect(before.find('.facts').text()).toBe('D minor · 90 BPM')
  })

  it('an instrumental version: no lyrics panel, no LRC or WebVTT', () => {
    const wrapper = setup({ id: 'v-1', metadata: { duration: 10, vocals: false, lines: [], lrc_url: null, vtt_url: null } })
    expect(wrapper.find('[data-testid="karaoke"]').exists()).toBe(false)
    expect(wrapper.find('a[data-format="lrc"]').exists()).toBe(false)
    expect(wrapper.find('a[data-format="vtt"]').exists()).toBe(false)
    expect(wrapper.find('a[data-format="midi"]').exists()).toBe(true)
  })
})
