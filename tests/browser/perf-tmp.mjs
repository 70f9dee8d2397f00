import { launch, newPage, openMap, BASE_URL } from './helpers.mjs';
const b = await launch(); const p = await newPage(b);
await openMap(p);
for (let i = 0; i < 3; i++) {
  const ev = [];
  const t0 = Date.now();
  p.on('request', (r) => ev.push(`>${r.url().replace(BASE_URL,'').slice(0,22)}@${Date.now()-t0}`));
  p.on('requestfinished', (r) => ev.push(`<${r.url().replace(BASE_URL,'').slice(0,22)}@${Date.now()-t0}`));
  await p.reload(); await p.waitForSelector('body[data-map-ready=true]');
  console.log(await p.evaluate(() => Math.round(performance.getEntriesByName('resourcemap:first-render')[0].startTime)), Date.now()-t0, ev.join(' '));
  p.removeAllListeners('request'); p.removeAllListeners('requestfinished');
}
await b.close();
