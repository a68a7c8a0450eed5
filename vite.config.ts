import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer build, shared by electron-vite (desktop) and `npm run build:renderer` (browser host,
 * end-to-end tests, bench). One config, so both hosts serve the same bundle.
 */
export const rendererConfig = {
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
  },
};

export default defineConfig(rendererConfig);
