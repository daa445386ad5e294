// jsdom has no media playback and no canvas: stand-ins so components run as in a browser
// that cannot play (the end-to-end test covers the real thing).
import { vi } from 'vitest'

if (typeof window !== 'undefined') {
  window.HTMLMediaElement.prototype.play = vi.fn(function () {
    Object.defineProperty(this, 'paused', { value: false, configurable: true })
    this.dispatchEvent(new Event('play'))
    return Promise.resolve()
  })
  window.HTMLMediaElement.prototype.pause = vi.fn(function () {
    Object.defineProperty(this, 'paused', { value: true, configurable: true })
    this.dispatchEvent(new Event('pause'))
  })
  window.HTMLMediaElement.prototype.load = vi.fn()
  window.HTMLCanvasElement.prototype.getContext = () => null
}

if (typeof Element !== 'undefined' && !Element.prototype.scrollIntoView) {
  Element.prototype.scrollIntoView = function () {}
}
