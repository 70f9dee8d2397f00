// Bundles the console (TypeScript + MapLibre GL JS from npm) into the API's wwwroot, which the API serves at /.
// Nothing is loaded from another origin at run time. Prints the gzipped size of what a browser downloads.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.CONSOLE_OUT_DIR ?? join(here, '..', 'ResourceMap.Api', 'wwwroot');

// MapLibre's CSP build: the same library, but its worker comes from a URL instead of a blob: the console's
// Content-Security-Policy needs no blob: workers, and the browser caches the worker's compiled code.
const maplibreCspBuild = {
  name: 'maplibre-csp',
  setup(b) {
    b.onResolve({ filter: /^maplibre-gl$/ }, () => ({ path: join(here, 'node_modules', 'maplibre-gl', 'dist', 'maplibre-gl-csp.js') }));
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  outfile: join(out, 'assets', 'app.js'),
  loader: { '.css': 'css' },
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [maplibreCspBuild],
});
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
// The map's worker is a file of this origin (CSP worker-src 'self'), cached by the browser like the bundle.
copyFileSync(join(here, 'node_modules', 'maplibre-gl', 'dist', 'maplibre-gl-csp-worker.js'), join(out, 'assets', 'maplibre-worker.js'));

let total = 0;
for (const file of ['index.html', ...readdirSync(join(out, 'assets')).map((f) => join('assets', f))]) {
  if (file.endsWith('.LEGAL.txt')) continue;
  total += gzipSync(readFileSync(join(out, file))).length;
}
console.log(`console built into ${out}: ${(total / 1024).toFixed(0)} KiB gzipped`);
if (total > 1024 * 1024) { console.error('the console is over its 1 MB gzipped budget'); process.exit(1); }
