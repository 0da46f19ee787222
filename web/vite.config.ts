import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

/** The folder of this file: the page's root, whatever directory Vite is started from. */
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig(({ mode }) => {
  // Dev server only: where the Shipwatch server runs, and the origin it expects on cookie-authenticated writes.
  const env = loadEnv(mode, root, 'SHIPWATCH_');
  const backend = env.SHIPWATCH_DEV_API ?? 'http://localhost:8080';
  const publicOrigin = new URL(env.SHIPWATCH_PUBLIC_URL ?? backend).origin;
  // The page at :5173 sends its own Origin; the server accepts writes only from its public origin (CSRF check).
  const proxy = { target: backend, changeOrigin: false, headers: { origin: publicOrigin } };

  return {
    root,
    plugins: [react()],
    build: {
      outDir: '../dist/web',
      emptyOutDir: true,
    },
    server: {
      proxy: {
        '/api': proxy,
        '/hooks': proxy,
      },
    },
  };
});
