// Sharing: "which services in 西胆振 can a resident of 白老町 use?" (GET /api/sharing/capacity).
import * as api from '../api';
import { field, h, options, replace } from '../dom';
import { L, formatDistance } from '../i18n';
import { problemBox } from '../problems';
import { label, loadRegions, loadVocabulary, regionName, termOptions } from '../reference';

const REASONS: Record<string, [string, string]> = {
  located_in_for: ['住んでいる市町村に拠点', 'a site in the municipality'],
  accepts_other_municipalities: ['他市町村の住民も受入れ', 'accepts other municipalities'],
  service_area_covers_for: ['サービス区域に含まれる', 'its service area covers it'],
};
const reasonLabel = (code: string) => { const r = REASONS[code]; return r ? L(r[0], r[1]) : code; };

export function renderSharing(root: HTMLElement): void {
  const forCode = h('input', { name: 'for', id: 'sharing-for', value: '01578', inputmode: 'numeric', required: true });
  const region = h('select', { name: 'region', id: 'sharing-region' });
  const category = h('select', { name: 'category', id: 'sharing-category' });
  void loadRegions().then((list) => region.replaceChildren(...options(
    list.filter((r) => r.kind !== 'prefecture').map((r) => ({ value: r.id, label: regionName(r) })), 'nishi-iburi')));
  void termOptions('service_category').then((o) => category.replaceChildren(...options(o, 'ibasho', L('すべて', 'All'))));
  const out = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card' },
    h('p', {}, L('ある市町村の住民が、広域の中で利用できるサービスを近い順に表示します。', 'Services in a region that residents of a municipality can use, nearest first.')),
    h('div', { class: 'row' },
      field(L('住んでいる市町村（コード）', 'Residents of (municipality code)'), forCode, L('例: 白老町 01578', 'e.g. 白老町 01578')),
      field(L('広域', 'Region'), region), field(L('活動の種類', 'Category'), category)),
    h('button', { type: 'submit' }, L('検索', 'Search')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await Promise.all(['service_category', 'channel'].map(loadVocabulary));
      const r = await api.sharingCapacity(forCode.value, region.value, category.value || undefined);
      replace(out, h('section', { class: 'card' },
        h('h2', { id: 'capacity-title' }, L(`利用できるサービス ${r.items.length}件`, `${r.items.length} usable services`)),
        h('div', { class: 'table-scroll' }, h('table', { 'aria-labelledby': 'capacity-title', 'data-testid': 'capacity-table' },
          h('thead', {}, h('tr', {}, [L('サービス', 'Service'), L('団体', 'Organisation'), L('種類', 'Category'), L('距離', 'Distance'),
            L('利用できる理由', 'Usable because'), L('受入れ', 'Capacity'), L('連絡先（共有）', 'Shared contact')].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, r.items.map((i) => h('tr', {},
            h('td', {}, i.name), h('td', {}, i.organization.name, i.organization.contact_person ? h('div', { class: 'meta' }, i.organization.contact_person) : null),
            h('td', {}, label('service_category', i.category)), h('td', {}, formatDistance(i.distance_m) || '—'),
            h('td', { 'data-reasons': i.usable_because.join(' ') }, i.usable_because.map(reasonLabel).join('、')),
            h('td', {}, i.capacity_note ?? '', i.capacity_details ? h('div', { class: 'meta' }, i.capacity_details) : null),
            h('td', {}, [i.restricted_phone, i.restricted_email].filter(Boolean).join(' / ') || '—'))))))));
    } catch (err) { replace(out, problemBox(err)); }
  });
  replace(root, form, out);
}
