// Gap analysis of a region (GET /api/analytics/coverage): a table of located/covering services per member
// municipality × category, and a map of the members coloured by how many categories nobody covers.
import maplibregl from 'maplibre-gl';
import * as api from '../api';
import { field, h, options, replace } from '../dom';
import { L, currentLang } from '../i18n';
import { problemBox } from '../problems';
import { loadRegions, regionName, termOptions } from '../reference';

let gapMap: maplibregl.Map | null = null;

export function renderGaps(root: HTMLElement): void {
  gapMap?.remove(); gapMap = null;
  const region = h('select', { name: 'region', id: 'gaps-region' });
  const category = h('select', { name: 'category', id: 'gaps-category' });
  void loadRegions().then((list) => region.replaceChildren(...options(
    list.filter((r) => r.kind !== 'prefecture').map((r) => ({ value: r.id, label: regionName(r) })), 'nishi-iburi')));
  void termOptions('service_category').then((o) => category.replaceChildren(...options(o, undefined, L('すべて', 'All'))));
  const out = h('div', { 'aria-live': 'polite' });
  const mapEl = h('div', { class: 'gap-map', role: 'img', 'aria-label': L('空白のある市町村を色で示す地図', 'Map of member municipalities coloured by gaps') });
  const form = h('form', { class: 'card' },
    h('div', { class: 'row' }, field(L('広域', 'Region'), region), field(L('活動の種類', 'Category'), category)),
    h('button', { type: 'submit' }, L('分析', 'Analyse')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const report = await api.coverageGaps(region.value, category.value || undefined);
      replace(out, reportTable(report));
      showOnMap(mapEl, report);
    } catch (err) { replace(out, problemBox(err)); }
  });
  replace(root, form, h('div', { class: 'gap-layout' }, out, mapEl));
}

function reportTable(r: api.CoverageReport): HTMLElement {
  const categories = r.municipalities[0]?.categories ?? [];
  const ja = currentLang() === 'ja';
  return h('section', { class: 'card' },
    h('h2', { id: 'gaps-title' }, ja ? r.region.name_ja : r.region.name_en, ' ', L(`空白 ${r.gaps.length}件`, `${r.gaps.length} gaps`)),
    h('div', { class: 'table-scroll' }, h('table', { 'aria-labelledby': 'gaps-title', 'data-testid': 'gaps-table' },
      h('caption', {}, L('各欄: 所在 / 対象地域に含む。対象に含むサービスがない欄が空白です。', 'Each cell: located / covering. A cell with no covering service is a gap.')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, L('市町村', 'Municipality')),
        categories.map((c) => h('th', { scope: 'col' }, ja ? c.label_ja : c.label_en)))),
      h('tbody', {}, r.municipalities.map((m) => h('tr', {},
        h('th', { scope: 'row' }, m.name),
        m.categories.map((c) => h('td', { class: c.covering === 0 ? 'gap' : '' }, `${c.located} / ${c.covering}`,
          c.covering === 0 ? h('span', { class: 'badge danger' }, L('空白', 'gap')) : null))))))),
    r.gaps.length ? h('ul', { class: 'gap-messages' }, r.gaps.map((g) => h('li', {}, ja ? g.message_ja : g.message))) : null);
}

function showOnMap(el: HTMLElement, r: api.CoverageReport) {
  const gapsByCode = new Map<string, number>();
  for (const m of r.municipalities) gapsByCode.set(m.code, 0);
  for (const g of r.gaps) gapsByCode.set(g.municipality_code, (gapsByCode.get(g.municipality_code) ?? 0) + 1);
  const colour: maplibregl.ExpressionSpecification = ['match', ['get', 'code'],
    ...[...gapsByCode.entries()].flatMap(([code, n]) => [code, n === 0 ? '#74c69d' : n === 1 ? '#f4a261' : '#d62828']),
    '#eeeeee'] as unknown as maplibregl.ExpressionSpecification;
  const draw = (map: maplibregl.Map) => {
    map.setPaintProperty('gap-fill', 'fill-color', colour);
    void api.regionBounds(r.region.id).then((b) => { if (b) map.fitBounds(b, { padding: 20, duration: 0 }); });
  };
  if (gapMap) { draw(gapMap); return; }
  gapMap = new maplibregl.Map({
    container: el, center: [140.9, 42.5], zoom: 8, attributionControl: { compact: true },
    style: { version: 8, sources: { municipalities: { type: 'vector', tiles: [api.municipalityTilesUrl()], maxzoom: 12 } },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#dbe7ee' } },
        { id: 'gap-fill', type: 'fill', source: 'municipalities', 'source-layer': 'municipalities', paint: { 'fill-color': '#eeeeee' } },
        { id: 'gap-line', type: 'line', source: 'municipalities', 'source-layer': 'municipalities', paint: { 'line-color': '#555', 'line-width': 0.7 } },
      ] },
  });
  const map = gapMap;
  map.on('load', () => draw(map));
  el.after(h('p', { class: 'legend' },
    h('span', { class: 'swatch ok' }), L('空白なし', 'no gap'), ' ', h('span', { class: 'swatch one' }), L('空白1種類', '1 gap'), ' ',
    h('span', { class: 'swatch many' }), L('空白2種類以上', '2+ gaps')));
}
