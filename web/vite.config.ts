// Vite builds the UI into the directory CMake embeds (scripts/web-build.sh passes --outDir).
// JSX is compiled by esbuild for Preact; no plugin is needed.
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: {
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
  },
  build: {
    target: 'es2022',
    manifest: true,
    sourcemap: false,
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/api': process.env.CONCORD_API ?? 'http://127.0.0.1:8080' },
  },
});
