// Vite builds the studio into web/dist, which `omg serve` serves at /. In development
// (`npm run dev`) the API is proxied to a local `omg serve` on port 8000.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const backend = process.env.OMG_BACKEND || 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/health': backend,
      '/docs': backend,
      '/openapi.json': backend,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 400,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.js'],
    setupFiles: ['src/testing/setup.js'],
    restoreMocks: true,
  },
})
