import { defineConfig } from 'vite';

// The web editor: plain TypeScript + CSS, bundled into dist/web and served by `scenic serve` (no CDN at run time).
export default defineConfig({
  root: 'src/web',
  base: '/',
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: {
    // `npx vite` for page work: the API comes from a running `scenic serve`.
    proxy: { '/v1': 'http://127.0.0.1:8080', '/example.png': 'http://127.0.0.1:8080' },
  },
});
