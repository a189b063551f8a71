import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));

// Server paths the service worker must never answer with the app shell.
const serverPaths = [/^\/api\//, /^\/docs/, /^\/openapi\.json/, /^\/metrics/, /^\/health/, /^\/ready/];

export default defineConfig({
  root,
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: 'Atom',
        short_name: 'Atom',
        description: 'Your self-hosted AI automation assistant',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#4263eb',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        navigateFallback: '/index.html',
        navigateFallbackDenylist: serverPaths,
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        runtimeCaching: [
          {
            // Last-viewed data opens offline: API reads go to the network first and fall back to the cache.
            urlPattern: ({ url, request }) =>
              request.method === 'GET' && (url.pathname.startsWith('/api/') || url.pathname === '/ready') && !url.pathname.startsWith('/api/auth/csrf') && url.pathname !== '/api/events',
            handler: 'NetworkFirst',
            options: {
              cacheName: 'atom-api',
              networkTimeoutSeconds: 4,
              expiration: { maxEntries: 300, maxAgeSeconds: 7 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // scripts/check-bundle.mjs reads the manifest to measure what each first page load downloads.
    manifest: true,
    assetsDir: 'assets',
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:5058', '/ready': 'http://localhost:5058', '/health': 'http://localhost:5058' },
  },
});
