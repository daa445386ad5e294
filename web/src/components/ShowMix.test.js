import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ShowMix from './ShowMix.vue'
import { completedShow } from '../testing/fakes.js'

function withStarts(starts) {
  const show = completedShow()
  show.cues = starts.map((s, i) => ({ ...show.cues[i % 2], number: i + 1, title: `Act ${i + 1}`, start_s: s }))
  return show
}

describe('ShowMix', () => {
  afterEach(() => (document.body.innerHTML = ''))

  it('plays the server’s mix and offers it in every format', () => {
    const w = mount(ShowMix, { props: { show: completedShow() } })
    expect(w.find('audio').attributes('src')).toBe('/api/v1/shows/show-1/mix?format=flac')
    const links = w.findAll('a[download]').map((a) => [a.attributes('aria-label'), a.attributes('href')])
    expect(links).toEqual([
      ['Download the show mix (FLAC)', '/api/v1/shows/show-1/mix?format=flac'],
      ['Download the show mix (WAV)', '/api/v1/shows/show-1/mix?format=wav'],
      ['Download the show mix (MP3)', '/api/v1/shows/show-1/mix?format=mp3'],
      ['Download the show mix (OGG)', '/api/v1/shows/show-1/mix?format=ogg'],
    ])
  })

  it('the cue list follows the mix from the cue sheet’s start times; a cue clicked seeks to its start', async () => {
    const w = mount(ShowMix, { props: { show: withStarts([0, 8.25, 17.5]) }, attachTo: document.body })
    const audio = w.find('audio').element
    let t = 0
    Object.defineProperty(audio, 'currentTime', { get: () => t, set: (v) => (t = v), configurable: true })
    const current = () => w.findAll('li[aria-current="true"]').map((li) => li.attributes('data-cue'))
    expect(current()).toEqual(['1'])
    for (const [at, cue] of [[8.2, '1'], [8.25, '2'], [17.49, '2'], [30, '3']]) {
      t = at
      await w.find('audio').trigger('timeupdate')
      expect(current()).toEqual([cue])
    }
    await w.find('button[aria-label="Play the show mix from cue 2"]').trigger('click')
    expect(t).toBe(8.25)
    expect(current()).toEqual(['2'])
    expect(w.find('[data-testid="mix-time"]').text()).toBe('0:08.3')
  })

  it('a cue not placed yet cannot be sought', () => {
    const w = mount(ShowMix, { props: { show: withStarts([0, null]) } })
    expect(w.find('button[aria-label="Play the show mix from cue 2"]').attributes('disabled')).toBeDefined()
  })
})
