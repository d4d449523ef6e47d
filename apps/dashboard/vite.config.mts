// Builds the dashboard into dist/apps/dashboard, which the coordinator service serves at /dashboard/.
// `npx vite --config apps/dashboard/vite.config.mts` serves it with live reload, calling the API of a coordinator
// service started with `npm start` (the dev server proxies /api, and the app's settings in /dashboard/config.json, to it).
import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/dashboard/',
  // Vite 8 compiles TSX itself (Oxc); @vitejs/plugin-react would add only Fast Refresh, and its optional Babel peers
  // conflict with Jest's Babel in this workspace.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: path.resolve(root, '../../dist/apps/dashboard'),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      // React Query marks its hooks "use client" for server-component bundlers; meaningless in a browser-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/dashboard/config.json'].map((route) => [route, process.env.COORDINATOR_URL ?? `http://127.0.0.1:${process.env.COORDINATOR_PORT ?? 3002}`]),
    ),
  },
});
