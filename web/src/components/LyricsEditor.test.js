import { describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import LyricsEditor from './LyricsEditor.vue'
import { fakeApi } from '../testing/fakes.js'

function setup(api, lyrics = '') {
  const wrapper = mount(LyricsEditor, {
    props: { prompt: 'sea shanty', duration: 60, lyrics, topic: 'a lost ship', 'onUpdate:lyrics': (v) => wrapper.setProps({ lyrics: v }) },
    global: { provide: { api } },
  })
  return wrapper
}
const button = (w, re) => w.findAll('button').find((b) => re.test(b.text()))

describe('LyricsEditor', () => {
  it('shows the server’s message while lyrics are not available (501)', async () => {
    const api = fakeApi()
    const w = setup(api)
    await button(w, /^Write lyrics$/).trigger('click')
    await flushPromises()
    expect(api.lyrics).toHaveBeenCalledWith({ prompt: 'sea shanty', duration: 60, topic: 'a lost ship', current_lyrics: null })
    expect(w.find('[data-testid="lyrics-note"]').text()).toMatch(/not available in this version of OMG yet/)
    expect(button(w, /^Undo$/).attributes('disabled')).toBeDefined()
  })

  it('writes, refines and undoes step by step', async () => {
    const replies = ['[Verse 1]\nfirst', '[Verse 1]\nsecond']
    const api = fakeApi({ lyrics: vi.fn(async () => ({ lyrics: replies.shift(), writer: 'builtin' })) })
    const w = setup(api)
    await button(w, /^Write lyrics$/).trigger('click')
    await flushPromises()
    expect(w.find('#lyrics-text').element.value).toBe('[Verse 1]\nfirst')
    expect(w.text()).toContain('Written by the built-in lyrics writer.')
    await button(w, /^Refine lyrics$/).trigger('click')
    await flushPromises()
    expect(api.lyrics.mock.calls[1][0].current_lyrics).toBe('[Verse 1]\nfirst')
    expect(w.find('#lyrics-text').element.value).toBe('[Verse 1]\nsecond')
    await button(w, /^Undo$/).trigger('click')
    expect(w.find('#lyrics-text').element.value).toBe('[Verse 1]\nfirst')
    await button(w, /^Undo$/).trigger('click')
    expect(w.find('#lyrics-text').element.value).toBe('')
    expect(button(w, /^Undo$/).attributes('disabled')).toBeDefined()
  })
})
