import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Served by `flowlane serve` at /app/. The app runs under a Content-Security-Policy with
// `script-src 'self'`, so nothing may be inlined into index.html: no module-preload polyfill
// (Vite inlines it as a script) and every chunk as a file.
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  // `vite` (dev server, hot reload) serves the app and passes every other path (the API,
  // /session, the guest link's data) to a running `flowlane serve`.
  server: {
    proxy: { '^/(?!app/).*': process.env.FLOWLANE_URL ?? 'http://127.0.0.1:3000' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    css: false,
  },
});
