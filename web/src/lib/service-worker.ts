import { registerSW } from 'virtual:pwa-register';

/** Installs the service worker (app shell + last-viewed API data offline); updates apply on next load. */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  registerSW({ immediate: true });
}
