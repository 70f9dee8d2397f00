// The public map at /: service and municipality vector tiles, a place box, filters, the list of what is in view,
// a detail panel, and "who serves this point?" when the map is clicked. Reads as the public (no key).
import maplibregl from 'maplibre-gl';
import * as api from './api';
import { field, h, options, replace } from './dom';
import { L, dayLabel, formatDate, formatDistance } from './i18n';
import { label, loadVocabulary, termOptions } from './reference';
import { showProblem } from './problems';

// The sample directory's survey area (登別・西胆振); a place search moves from here.
const START = { center: [141.05, 42.45] as [number, number], zoom: 9.3 };
const CATEGORY_COLOURS: Record<string, string> = {
  ibasho: '#d9480f', consultation: '#1864ab', outreach: '#2b8a3e', other: '#862e9c',
};

interface MapState { filters: api.SearchFilters; openNow: boolean; view: typeof START; coverageAt: [number, number] | null; }
const state: MapState = { filters: {}, openNow: false, view: { ...START }, coverageAt: null };

let map: maplibregl.Map | null = null;
let listRequest = 0;

export function renderMapPage(root: HTMLElement): void {
  map?.remove();
  map = null;
  const mapEl = h('div', { id: 'map', class: 'map', role: 'region', 'aria-label': L('地図', 'Map') });
  const list = h('section', { id: 'results', class: 'results', 'aria-live': 'polite', 'aria-labelledby': 'results-title' });
  const detail = h('section', { id: 'detail', class: 'detail', hidden: true, 'aria-labelledby': 'detail-title', tabindex: -1 });
  const status = h('p', { id: 'place-status', class: 'status', role: 'status' });

  const placeInput = h('input', { id: 'place', type: 'search', name: 'place', autocomplete: 'off', placeholder: L('例: 登別市幌別町', 'e.g. 登別市幌別町') });
  const placeForm = h('form', { class: 'place-box', role: 'search', 'aria-label': L('場所で探す', 'Find a place') },
    field(L('場所（住所・町名）', 'Place (address or town)'), placeInput),
    h('button', { type: 'submit' }, L('移動', 'Go')), status);
  placeForm.addEventListener('submit', (e) => { e.preventDefault(); void goToPlace(placeInput.value, status); });

  const category = h('select', { id: 'filter-category', name: 'category' });
  const targetGroup = h('select', { id: 'filter-target', name: 'target_group' });
  const keyword = h('select', { id: 'filter-keyword', name: 'keyword' });
  const anonymous = h('input', { id: 'filter-anonymous', type: 'checkbox', name: 'anonymous_ok', checked: !!state.filters.anonymous_ok });
  const openNow = h('input', { id: 'filter-open', type: 'checkbox', name: 'open_now', checked: state.openNow });
  const text = h('input', { id: 'filter-q', type: 'search', name: 'q', value: state.filters.q ?? '', minlength: 2 });
  const filters = h('form', { class: 'filters', 'aria-label': L('絞り込み', 'Filters') },
    h('fieldset', {},
      h('legend', {}, L('絞り込み', 'Filters')),
      field(L('困りごと（キーワード）', 'Problem (keyword)'), keyword),
      field(L('名前・内容で探す', 'Name or description'), text, L('2文字以上', 'at least 2 characters')),
      field(L('活動の種類', 'Category'), category),
      field(L('対象者', 'Target group'), targetGroup),
      h('div', { class: 'checks' },
        h('label', { class: 'check' }, anonymous, L('匿名で相談できる', 'Anonymous OK')),
        h('label', { class: 'check' }, openNow, L('今開いている', 'Open now'))),
      h('button', { type: 'reset', class: 'secondary' }, L('条件をクリア', 'Clear filters'))));
  void fillSelect(category, 'service_category', state.filters.category, L('すべて', 'All'));
  void fillSelect(targetGroup, 'target_group', state.filters.target_group, L('すべて', 'All'));
  void fillSelect(keyword, 'problem_keyword', state.filters.keyword, L('すべて', 'All'));
  const onFilterChange = () => {
    state.filters = {
      category: category.value || undefined, target_group: targetGroup.value || undefined,
      keyword: keyword.value || undefined, anonymous_ok: anonymous.checked || undefined,
      q: text.value.trim().length >= 2 ? text.value.trim() : undefined,
    };
    state.openNow = openNow.checked;
    state.coverageAt = null;
    applyFilters(list, detail);
  };
  filters.addEventListener('change', onFilterChange);
  filters.addEventListener('submit', (e) => { e.preventDefault(); onFilterChange(); });
  filters.addEventListener('reset', () => setTimeout(onFilterChange, 0));

  replace(root,
    h('div', { class: 'map-layout' },
      h('aside', { class: 'side', 'aria-label': L('検索と一覧', 'Search and results') },
        h('h1', { class: 'page-title' }, L('孤独・孤立対策 地域資源マップ', 'Map of local support against loneliness')),
        placeForm, filters, list, detail),
      mapEl));

  map = new maplibregl.Map({
    container: mapEl,
    style: mapStyle(),
    center: state.view.center,
    zoom: state.view.zoom,
    attributionControl: { compact: true, customAttribution: L('行政区域: 国土数値情報（国土交通省）を加工', 'Boundaries: MLIT National Land Numerical Information, processed') },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  // The list is asked for at once, in parallel with the tiles; the page counts as rendered when both are there.
  const listed = refreshList(list, detail);
  map.on('load', () => {
    void listed.then(() => {
      performance.mark('resourcemap:first-render');
      document.body.dataset.mapReady = 'true';
    });
  });
  // What the map shows, for people using assistive technology and for the browser tests.
  map.on('idle', () => {
    if (!map) return;
    mapEl.dataset.renderedServices = String(map.queryRenderedFeatures({ layers: ['services'] }).length);
  });
  map.on('moveend', () => {
    if (!map) return;
    const c = map.getCenter();
    mapEl.dataset.center = `${c.lng.toFixed(4)},${c.lat.toFixed(4)}`;
    state.view = { center: [c.lng, c.lat], zoom: map.getZoom() };
    if (!state.coverageAt) void refreshList(list, detail);
  });
  map.on('mouseenter', 'services', () => { if (map) map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', 'services', () => { if (map) map.getCanvas().style.cursor = ''; });
  map.on('click', (e) => {
    if (!map) return;
    const hit = map.queryRenderedFeatures(e.point, { layers: ['services'] })[0];
    if (hit?.properties?.id) { void showDetail(String(hit.properties.id), detail); return; }
    state.coverageAt = [e.lngLat.lng, e.lngLat.lat];
    void showCoverage(list, detail);
  });
}

async function fillSelect(select: HTMLSelectElement, vocabulary: string, selected: string | undefined, all: string) {
  select.replaceChildren(...options(await termOptions(vocabulary), selected, all));
}

function currentFilters(): api.SearchFilters {
  return { ...state.filters, open_at: state.openNow ? new Date().toISOString() : undefined };
}

function mapStyle(): maplibregl.StyleSpecification {
  return {
    version: 8,
    // Services first: the worker loads sources in this order, and the points are what people came for.
    sources: {
      services: { type: 'vector', tiles: [api.serviceTilesUrl(currentFilters())], minzoom: 0, maxzoom: 16 },
      municipalities: { type: 'vector', tiles: [api.municipalityTilesUrl()], minzoom: 0, maxzoom: 12 },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#dbe7ee' } },
      { id: 'municipality-fill', type: 'fill', source: 'municipalities', 'source-layer': 'municipalities',
        paint: { 'fill-color': '#fbfaf5', 'fill-opacity': 1 } },
      { id: 'municipality-line', type: 'line', source: 'municipalities', 'source-layer': 'municipalities',
        paint: { 'line-color': '#7b8794', 'line-width': 0.8 } },
      { id: 'services', type: 'circle', source: 'services', 'source-layer': 'services',
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 3, 12, 7],
          'circle-color': ['match', ['get', 'category'], ...Object.entries(CATEGORY_COLOURS).flat(), '#495057'] as unknown as maplibregl.ExpressionSpecification,
          'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.2,
        } },
    ],
  };
}

function applyFilters(list: HTMLElement, detail: HTMLElement) {
  if (!map) return;
  const source = map.getSource('services') as maplibregl.VectorTileSource | undefined;
  source?.setTiles([api.serviceTilesUrl(currentFilters())]);
  void refreshList(list, detail);
}

async function refreshList(list: HTMLElement, detail: HTMLElement) {
  if (!map) return;
  const request = ++listRequest;
  const b = map.getBounds();
  // The search allows 10° a side; a wider view lists the central part.
  const clamp = (lo: number, hi: number, mid: number) => (hi - lo > 9.9 ? [mid - 4.95, mid + 4.95] : [lo, hi]);
  const [w, e] = clamp(b.getWest(), b.getEast(), map.getCenter().lng);
  const [s, n] = clamp(b.getSouth(), b.getNorth(), map.getCenter().lat);
  try {
    const result = await api.searchMap([w, s, e, n], currentFilters());
    if (request !== listRequest) return;
    renderList(list, detail, L('表示中の地域のサービス', 'Services in view'), result);
  } catch (err) {
    if (request === listRequest) showProblem(list, err);
  }
}

async function showCoverage(list: HTMLElement, detail: HTMLElement) {
  if (!state.coverageAt || !map) return;
  const [lng, lat] = state.coverageAt;
  const request = ++listRequest;
  new maplibregl.Popup({ closeButton: false }).setLngLat([lng, lat]).setText(L('この地点', 'This point')).addTo(map);
  try {
    const result = await api.searchCoverage(lat, lng, currentFilters());
    if (request !== listRequest) return;
    renderList(list, detail, L('この地点を担当するサービス', 'Services that serve this point'), result, true);
  } catch (err) {
    if (request === listRequest) showProblem(list, err);
  }
}

function renderList(list: HTMLElement, detail: HTMLElement, title: string, result: api.SearchResponse, coverage = false) {
  const seen = new Set<string>();
  const items = result.items.filter((i) => (seen.has(i.service_id) ? false : (seen.add(i.service_id), true)));
  const total = result.total ?? items.length;
  replace(list,
    h('h2', { id: 'results-title' }, title, ' ', h('span', { class: 'count', 'data-testid': 'result-count' },
      L(`${items.length}件`, `${items.length}`), total > result.items.length ? L(`（全${total}件中）`, ` (of ${total})`) : '')),
    coverage ? h('button', { type: 'button', class: 'link', onclick: () => { state.coverageAt = null; void refreshList(list, detail); } },
      L('表示中の地域の一覧に戻る', 'Back to the services in view')) : null,
    items.length === 0
      ? h('p', { class: 'empty' }, L('条件に合うサービスはありません。', 'No service matches.'))
      : h('ul', { class: 'result-list' }, items.map((item) =>
        h('li', {},
          h('button', { type: 'button', class: 'result', 'data-service-id': item.service_id, onclick: () => void showDetail(item.service_id, detail) },
            h('span', { class: `dot cat-${item.category}`, 'aria-hidden': 'true' }),
            h('span', { class: 'result-name' }, item.name),
            h('span', { class: 'result-meta' }, item.organization.name, ' · ', label('service_category', item.category),
              item.distance_m != null && coverage ? ` · ${formatDistance(item.distance_m)}` : '',
              item.anonymous_ok ? L(' · 匿名可', ' · anonymous OK') : ''))))));
}

async function showDetail(serviceId: string, detail: HTMLElement) {
  detail.hidden = false;
  replace(detail, h('p', {}, L('読み込み中…', 'Loading…')));
  try {
    await Promise.all(['channel', 'target_group', 'problem_keyword', 'service_category'].map(loadVocabulary));
    const service = await api.publicService(serviceId);
    const organization = await api.publicOrganization(service.organization.id).catch(() => null);
    const phones = organization?.phones ?? [];
    replace(detail,
      h('div', { class: 'detail-head' },
        h('h2', { id: 'detail-title' }, service.name),
        h('button', { type: 'button', class: 'secondary', onclick: () => { detail.hidden = true; } }, L('閉じる', 'Close'))),
      h('p', { class: 'org' }, service.organization.name, ' · ', label('service_category', service.category)),
      h('dl', { class: 'facts' },
        h('dt', {}, L('活動内容', 'What it does')), h('dd', {}, service.description || '—'),
        h('dt', {}, L('対象者', 'Who it is for')),
        h('dd', {}, service.target_groups.map((c) => label('target_group', c)).join('、') || '—'),
        h('dt', {}, L('困りごと', 'Problems')),
        h('dd', {}, service.problem_keywords.map((c) => label('problem_keyword', c)).join('、') || '—'),
        h('dt', {}, L('開いている時間', 'Hours')),
        h('dd', {}, service.hours.length
          ? h('ul', { class: 'hours' }, service.hours.map((p) => h('li', {}, `${dayLabel(p.day)} ${p.opens}–${p.closes}`)))
          : '—', service.hours_notes ? h('p', { class: 'note' }, service.hours_notes) : null),
        h('dt', {}, L('電話', 'Phone')),
        h('dd', {}, phones.length ? phones.map((p) => h('div', {}, h('a', { href: `tel:${p.number}` }, p.number), p.description ? ` (${p.description})` : '')) : '—'),
        h('dt', {}, L('連絡手段', 'Channels')),
        h('dd', {}, service.channels.map((c) => label('channel', c)).join('、') || '—'),
        h('dt', {}, L('匿名', 'Anonymous')), h('dd', {}, service.anonymous_ok ? L('匿名で利用できます', 'Can be used anonymously') : L('名前が必要です', 'Name required')),
        h('dt', {}, L('所在地', 'Address')),
        h('dd', {}, service.locations.length ? service.locations.map((l) => h('div', {}, l.address ?? l.name ?? '')) : L('拠点なし（電話・訪問など）', 'No site (phone, visits …)')),
        h('dt', {}, L('最終確認日', 'Last verified')),
        h('dd', {}, formatDate(service.last_verified_at), service.stale ? h('span', { class: 'badge warn' }, L('要確認', 'stale')) : null)));
    const first = service.locations[0];
    // Bring the site into view without zooming in, so the list beside the map keeps its context.
    if (first && map && !map.getBounds().contains([first.lng, first.lat])) map.easeTo({ center: [first.lng, first.lat] });
    detail.focus();
  } catch (err) {
    showProblem(detail, err);
  }
}

async function goToPlace(address: string, status: HTMLElement) {
  if (!address.trim() || !map) return;
  status.textContent = L('検索中…', 'Searching…');
  try {
    const place = await api.geocode(address);
    if (place.lat == null || place.lng == null) {
      status.textContent = L('場所が見つかりませんでした。', 'Place not found.');
      return;
    }
    const zoom = place.precision === 'town' ? 14 : 11.5;
    state.coverageAt = null;
    map.jumpTo({ center: [place.lng, place.lat], zoom });
    status.textContent = L(`${[place.municipality, place.town].filter(Boolean).join(' ')} に移動しました`,
      `Moved to ${[place.municipality, place.town].filter(Boolean).join(' ')}`);
  } catch (err) {
    status.textContent = err instanceof api.ApiError && err.status === 400
      ? L('場所が見つかりませんでした。', 'Place not found.') : L('検索できませんでした。', 'Search failed.');
  }
}
