// A MapLibre GL page on another origin than the API, in headless Chromium: the vector tiles (through TileJSON) and
// the nearby GeoJSON must load across origins and render features. The API runs at RESOURCEMAP_BROWSER_API_URL
// (scripts/test.sh starts it with the sample directory); this test serves the page itself on another port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

const api = (process.env.RESOURCEMAP_BROWSER_API_URL ?? 'http://127.0.0.1:5080').replace(/\/$/, '');
const pagePort = Number(process.env.RESOURCEMAP_BROWSER_PAGE_PORT ?? 8099);
const pageOrigin = `http://127.0.0.1:${pagePort}`;
const apiKey = process.env.RESOURCEMAP_BROWSER_API_KEY;
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules', 'maplibre-gl', 'dist');
// Debian's Chromium; flags for a container without a GPU or sandbox. WebGL comes from SwiftShader.
const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'];

// 登別市 (Noboribetsu), where the sample directory has its sites.
const centre = [141.106, 42.413];

const page = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="/maplibre/maplibre-gl.css">
<style>html,body,#map{margin:0;width:800px;height:600px}</style></head>
<body><div id="map"></div>
<script type="module">
import * as maplibregl from '/maplibre/maplibre-gl.mjs';  // v6 is ESM with named exports only
const api = ${JSON.stringify(api)};
const map = new maplibregl.Map({
  container: 'map', center: ${JSON.stringify(centre)}, zoom: 12, fadeDuration: 0,
  style: {
    version: 8,
    sources: {
      services: { type: 'vector', url: api + '/tiles/services.json' },
      municipalities: { type: 'vector', url: api + '/tiles/municipalities.json' },
      nearby: { type: 'geojson', data: api + '/api/search/nearby?lat=${centre[1]}&lng=${centre[0]}&radius_m=10000&limit=200&format=geojson' },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f8f8f8' } },
      { id: 'municipalities', type: 'line', source: 'municipalities', 'source-layer': 'municipalities', paint: { 'line-color': '#888' } },
      { id: 'services', type: 'circle', source: 'services', 'source-layer': 'services', paint: { 'circle-radius': 4, 'circle-color': '#d33' } },
      { id: 'nearby', type: 'circle', source: 'nearby', paint: { 'circle-radius': 6, 'circle-color': '#33d' } },
    ],
  },
});
window.failures = [];
map.on('error', e => window.failures.push(String(e.error?.message ?? e.error ?? e)));
window.mapIdle = new Promise(resolve => map.once('idle', resolve));
window.map = map;
</script></body></html>`;

const types = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };
let server;
let browser;

before(async () => {
  server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url, pageOrigin);
      if (url.pathname === '/') {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return response.end(page);
      }
      if (url.pathname.startsWith('/maplibre/')) {
        const file = path.join(dist, path.basename(url.pathname));
        response.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
        return response.end(await readFile(file));
      }
      response.writeHead(404).end();
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise(resolve => server.listen(pagePort, '127.0.0.1', resolve));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumFlags });
});

after(async () => {
  await browser?.close();
  await new Promise(resolve => server?.close(resolve) ?? resolve());
});

test('a MapLibre page on another origin renders the tiles and the GeoJSON', { timeout: 120_000 }, async () => {
  const tab = await browser.newPage();
  const crossOrigin = [];
  tab.on('response', r => { if (r.url().startsWith(api)) crossOrigin.push({ url: r.url(), status: r.status(), acao: r.headers()['access-control-allow-origin'] }); });
  await tab.goto(pageOrigin + '/');
  await tab.waitForFunction(() => window.mapIdle !== undefined);
  await tab.evaluate(() => Promise.race([window.mapIdle, new Promise((_, reject) => setTimeout(() => reject(new Error('map never became idle')), 90_000))]));
  const result = await tab.evaluate(() => ({
    failures: window.failures,
    renderedServices: window.map.queryRenderedFeatures({ layers: ['services'] }).length,
    renderedNearby: window.map.queryRenderedFeatures({ layers: ['nearby'] }).length,
    nearbySource: window.map.querySourceFeatures('nearby').length,
    boundaries: window.map.querySourceFeatures('municipalities', { sourceLayer: 'municipalities' }).length,
  }));
  console.log(JSON.stringify(result));
  assert.deepEqual(result.failures, []);
  assert.ok(crossOrigin.some(r => r.url.includes('/tiles/services/') && r.status === 200), 'a service tile was fetched');
  assert.ok(crossOrigin.every(r => r.acao === '*'), `every API response allows any origin: ${JSON.stringify(crossOrigin)}`);
  assert.ok(result.renderedServices > 0, 'service tiles rendered features');
  assert.ok(result.renderedNearby > 0, 'the nearby GeoJSON rendered features');
  assert.ok(result.nearbySource > 0);
  assert.ok(result.boundaries > 0, 'boundary tiles loaded');
  await tab.close();
});

test('a keyed request from that page passes the preflight', async () => {
  assert.ok(apiKey, 'RESOURCEMAP_BROWSER_API_KEY (an admin key of the API under test) is required');
  const tab = await browser.newPage();
  await tab.goto(pageOrigin + '/');
  const answer = await tab.evaluate(async ({ api, apiKey }) => {
    const response = await fetch(api + '/api/keys', { headers: { 'X-Api-Key': apiKey } });
    return { status: response.status, body: await response.json() };
  }, { api, apiKey });
  assert.equal(answer.status, 200);
  assert.ok(Array.isArray(answer.body.items ?? answer.body), JSON.stringify(answer.body).slice(0, 200));
  await tab.close();
});
