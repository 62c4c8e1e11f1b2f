/**
 * Builds the web console into web/dist (`npm run build:web`, run as `vite build web` so this
 * folder is the root). Vigil serves dist/index.html and dist/assets/* itself
 * (src/api/console). `npm run dev:web` proxies the API to a running Vigil for hot reloading.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.VIGIL_URL ?? 'http://127.0.0.1:8470';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1200,
    // No inline module-preload polyfill: the server's CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/healthz', '/readyz', '/services', '/_bulk'].map((p) => [p, { target: api }]),
    ),
  },
});
