import { describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import JobList from './JobList.vue'
import { createJobStore } from '../store/jobs.js'
import { createPlayers } from '../lib/players.js'
import { fakeApi } from '../testing/fakes.js'

const job = (i, status) => ({ job_id: `j${i}`, status, progress: status === 'completed' ? 100 : 0, prompt: `track ${i}`, duration: 10, num_versions: 1, queue_position: i + 1, created_at: `2025-01-01T00:00:${String(i).padStart(2, '0')}`, versions: [], error: status === 'failed' ? 'boom' : null })

async function setup(items) {
  const api = fakeApi({ queue: vi.fn(async () => ({ items })) })
  const jobs = createJobStore(api, { EventSourceImpl: undefined })
  await jobs.load()
  const wrapper = mount(JobList, { global: { provide: { api, jobs, players: createPlayers() } } })
  await flushPromises()
  return { wrapper, jobs }
}

describe('JobList', () => {
  it('filters by status with a radio group that counts', async () => {
    const { wrapper } = await setup([job(0, 'completed'), job(1, 'failed'), job(2, 'pending'), job(3, 'completed')])
    const group = wrapper.find('[role="radiogroup"]')
    expect(group.attributes('aria-label')).toBe('Filter by status')
    expect(group.text().replace(/\s+/g, ' ')).toContain('All 4 In progress 1 Done 2 Failed 1 Cancelled 0')
    await wrapper.find('input[value="failed"]').setValue(true)
    expect(wrapper.findAll('li[data-job-id]').map((l) => l.attributes('data-job-id'))).toEqual(['j1'])
    await wrapper.find('input[value="cancelled"]').setValue(true)
    expect(wrapper.text()).toContain('No cancelled jobs.')
  })

  it('shows a long history a page at a time', async () => {
    const { wrapper } = await setup(Array.from({ length: 35 }, (_, i) => job(i, 'completed')))
    expect(wrapper.findAll('li[data-job-id]')).toHaveLength(30)
    const more = wrapper.findAll('button').find((b) => b.text().startsWith('Show 5 more'))
    await more.trigger('click')
    expect(wrapper.findAll('li[data-job-id]')).toHaveLength(35)
  })

  it('offers example prompts while empty', async () => {
    const { wrapper } = await setup([])
    const examples = wrapper.find('[aria-label="Example prompts"]').findAll('button')
    expect(examples.length).toBeGreaterThan(3)
    await examples[0].trigger('click')
    expect(wrapper.emitted('example')[0][0]).toMatch(/circus/)
  })
})
