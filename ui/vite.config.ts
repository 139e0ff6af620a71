import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Tauri shell serves ui/dist under a strict CSP (no inline scripts or styles), so the
// build must emit every script and stylesheet as a file, and nothing is fetched from the network.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'safari15',
    // Inlined assets would become data: URLs for scripts/styles, which the CSP refuses.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // contrast.test.ts reads the colour sets from app.css itself (as `?raw`).
    css: { include: [/app\.css/] },
  },
});
