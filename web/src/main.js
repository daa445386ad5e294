import { createApp } from 'vue'
import App from './App.vue'
import './styles/theme.css'
import { createApi } from './lib/api.js'
import { createPlayers } from './lib/players.js'
import { createJobStore } from './store/jobs.js'
import { createServerStatus } from './store/server.js'
import { createForm } from './store/form.js'

const api = createApi()
const server = createServerStatus(api)
const jobs = createJobStore(api, { server })

createApp(App)
  .provide('api', api)
  .provide('server', server)
  .provide('jobs', jobs)
  .provide('players', createPlayers())
  .provide('form', createForm())
  .mount('#app')
