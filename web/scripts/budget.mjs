// Prints the UI's size budget after a build and fails it when over: the JavaScript a first
// page load fetches (the entry chunk and its static imports, gzipped) must stay under 300 KB.
//   node scripts/budget.mjs DIST_DIR
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIMIT_KB = 300;
const dist = process.argv[2];
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const entry = Object.values(manifest).find((c) => c.isEntry);
const initial = new Set();
const visit = (chunk) => {
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imp of chunk.imports ?? []) visit(manifest[imp]);
};
visit(entry);
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);
const initialBytes = [...initial].reduce((s, f) => s + gz(f), 0);
const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !initial.has(c.file));
const lazyBytes = lazy.reduce((s, c) => s + gz(c.file), 0);
const css = (entry.css ?? []).reduce((s, f) => s + gz(f), 0);
console.log(`web budget: initial JavaScript ${kb(initialBytes)} KB gzipped (limit ${LIMIT_KB} KB), ` +
            `CSS ${kb(css)} KB, loaded on demand ${kb(lazyBytes)} KB in ${lazy.length} chunk(s)`);
if (initialBytes > LIMIT_KB * 1024) {
  console.error(`web budget exceeded: ${kb(initialBytes)} KB > ${LIMIT_KB} KB`);
  process.exit(1);
}
