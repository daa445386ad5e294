import { createApp } from 'vue'
import App from './App.vue'
import './styles/theme.css'
import { createApi } from './lib/api.js'
import { createPlayers } from './lib/players.js'
import { createJobStore } from './store/jobs.js'
import { createServerStatus } from './store/server.js'
import { createForm } from './store/form.js'
import { createShowStore } from './store/shows.js'
import { createShowPlayer, scheduleCue, scheduleEnding, scheduleFade } from './lib/showPlayer.js'

const api = createApi()
const server = createServerStatus(api)
const jobs = createJobStore(api, { server })
const showPlayer = createShowPlayer()
// ?hooks: the show player's insides for the browser test (web/e2e/show.mjs), nothing more.
if (new URLSearchParams(location.search).has('hooks')) window.omgShowHooks = { player: showPlayer, scheduleCue, scheduleEnding, scheduleFade }

createApp(App)
  .provide('api', api)
  .provide('server', server)
  .provide('jobs', jobs)
  .provide('players', createPlayers())
  .provide('form', createForm())
  .provide('shows', createShowStore(api))
  .provide('showPlayer', showPlayer)
  .mount('#app')
