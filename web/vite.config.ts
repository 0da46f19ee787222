import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The folder of this file: the page's root, whatever directory Vite is started from. */
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const backend = 'http://localhost:8080';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/hooks': { target: backend, changeOrigin: false },
    },
  },
});
