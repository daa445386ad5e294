import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import MixParts from './MixParts.vue'

const metadata = {
  recipe: { seed: 1, soundfont: 'MuseScore_General.sf3' },
  loudness: { preset: 'broadcast', target_lufs: -23, ceiling_dbtp: -1, integrated_lufs: -23.04, true_peak_dbtp: -3.21, loudness_range_lu: 5.55 },
  parts: [
    { name: 'Trumpet', program: 56, drums: false, role: 'lead', stem: 'trumpet', loudness_lufs: -26.4 },
    { name: 'Drums', program: 0, drums: true, role: 'drums', stem: null, loudness_lufs: null },
  ],
}

describe('MixParts', () => {
  it('says the measured loudness and lists every part with its program, role, loudness and stem', () => {
    const wrapper = mount(MixParts, { props: { versionId: 'v 1', metadata, number: 1 } })
    expect(wrapper.find('[data-testid="mix-loudness"]').text()).toContain('-23.0 LUFS · -3.2 dBTP · range 5.5 LU · mastered for broadcast')
    expect(wrapper.find('[data-testid="mix-soundfont"]').text()).toContain('played by MuseScore_General')
    const rows = wrapper.findAll('tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('Trumpet')
    expect(rows[0].text()).toContain('GM 57')
    expect(rows[0].text()).toContain('lead')
    expect(rows[0].text()).toContain('-26.4 LUFS')
    expect(rows[0].find('a').attributes('href')).toBe('/api/v1/versions/v%201/stems/trumpet')
    expect(rows[1].text()).toContain('kit 0')
    expect(rows[1].find('a').exists()).toBe(false)
  })

  it('shows nothing for a version without mix metadata (older jobs, remote providers)', () => {
    const wrapper = mount(MixParts, { props: { versionId: 'v', metadata: {}, number: 1 } })
    expect(wrapper.find('[data-testid="mix"]').exists()).toBe(false)
  })
})
