#!/usr/bin/env node
/**
 * Builds the web console (web/ → web/dist) with Vite, then writes a gzip copy beside each text
 * asset (Vigil serves `x.js.gz` to clients that accept gzip). `--if-stale` builds only when
 * web/dist/index.html is missing or older than a file of web/ (sources, index.html, configs) or of
 * the shared src/ modules the console imports; `npm start` runs it that way (`prestart`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const dist = join(web, 'dist');
/** What the console is built from: its own files and the src/ modules it shares with the server. */
const INPUTS = [
  join(web, 'src'),
  join(web, 'index.html'),
  join(web, 'vite.config.ts'),
  join(web, 'tsconfig.json'),
  join(root, 'src', 'hunt'),
  join(root, 'src', 'core'),
  join(root, 'src', 'cases'),
  join(root, 'src', 'alerts'),
  join(root, 'src', 'access', 'roles.ts'),
  join(root, 'src', 'detect', 'sigma', 'tags.ts'),
  join(root, 'package-lock.json'),
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

function stale() {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return 'web/dist is missing';
  const built = statSync(index).mtimeMs;
  const changed = INPUTS.find((p) => newest(p) > built);
  return changed ? `${changed.slice(root.length + 1)} changed since the last build` : null;
}

function gzipAssets(dir) {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) {
      n += gzipAssets(file);
      continue;
    }
    if (!/\.(js|css|svg|json|map|txt)$/.test(name) || statSync(file).size < 1024) continue;
    writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
    n++;
  }
  return n;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale) {
  const why = stale();
  if (!why) process.exit(0);
  console.error(`build-web: building the console (${why})`);
}
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(vite)) {
  // Installed without dev dependencies (npm ci --omit=dev): serve what is there, or the landing page.
  console.error('build-web: vite is not installed (npm ci installs it); the console is not rebuilt');
  process.exit(ifStale ? 0 : 1);
}
const r = spawnSync(process.execPath, [vite, 'build', web, '--logLevel', 'warn'], {
  stdio: 'inherit',
  cwd: root,
});
if (r.status !== 0) {
  console.error('build-web: vite build failed');
  process.exit(r.status ?? 1);
}
const zipped = existsSync(join(dist, 'assets')) ? gzipAssets(join(dist, 'assets')) : 0;
console.error(`build-web: web/dist ready (${zipped} assets gzipped)`);
