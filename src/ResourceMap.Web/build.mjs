// Bundles the console (TypeScript + MapLibre GL JS from npm) into the API's wwwroot, which the API serves at /.
// Nothing is loaded from another origin at run time. Asset names carry a content hash, so the API can let
// browsers keep them (immutable) and only index.html is revalidated. Prints the gzipped size a browser downloads.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.CONSOLE_OUT_DIR ?? join(here, '..', 'ResourceMap.Api', 'wwwroot');
const assets = join(out, 'assets');

// MapLibre's CSP build: the same library, but its worker comes from a URL instead of a blob: the console's
// Content-Security-Policy needs no blob: workers, and the browser caches the worker's compiled code.
const maplibreCspBuild = {
  name: 'maplibre-csp',
  setup(b) {
    b.onResolve({ filter: /^maplibre-gl$/ }, () => ({ path: join(here, 'node_modules', 'maplibre-gl', 'dist', 'maplibre-gl-csp.js') }));
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const workerSource = readFileSync(join(here, 'node_modules', 'maplibre-gl', 'dist', 'maplibre-gl-csp-worker.js'));
const workerName = `maplibre-worker-${createHash('sha256').update(workerSource).digest('hex').slice(0, 10)}.js`;
writeFileSync(join(assets, workerName), workerSource);

const result = await build({
  entryPoints: { app: join(here, 'src', 'main.ts') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  outdir: assets,
  entryNames: '[name]-[hash]',
  loader: { '.css': 'css' },
  define: { MAPLIBRE_WORKER_URL: JSON.stringify(`/assets/${workerName}`) },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [maplibreCspBuild],
});
const outputs = Object.keys(result.metafile.outputs).map((f) => basename(f));
const js = outputs.find((f) => /^app-.*\.js$/.test(f));
const css = outputs.find((f) => /^app-.*\.css$/.test(f));
writeFileSync(join(out, 'index.html'), readFileSync(join(here, 'index.html'), 'utf8')
  .replace('/assets/app.js', `/assets/${js}`).replace('/assets/app.css', `/assets/${css}`));

let total = 0;
for (const file of ['index.html', ...readdirSync(assets).map((f) => join('assets', f))]) {
  if (file.endsWith('.LEGAL.txt')) continue;
  total += gzipSync(readFileSync(join(out, file))).length;
}
console.log(`console built into ${out}: ${(total / 1024).toFixed(0)} KiB gzipped`);
if (total > 1024 * 1024) { console.error('the console is over its 1 MB gzipped budget'); process.exit(1); }
