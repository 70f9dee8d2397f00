// Directory: find an organisation, open it, its services or its sites, edit them (merge patch guarded by the
// ETag the record was read with: a stale one shows the conflict), verify a record unchanged, and the stale list.
import * as api from '../api';
import { field, h, replace } from '../dom';
import { L, formatDate } from '../i18n';
import { markFieldErrors, problemBox } from '../problems';

interface FieldSpec { name: string; ja: string; en: string; multiline?: boolean; }
const FIELDS: Record<api.RecordKind, FieldSpec[]> = {
  organizations: [
    { name: 'name', ja: '名称', en: 'Name' }, { name: 'name_kana', ja: 'フリガナ', en: 'Name (kana)' },
    { name: 'description', ja: '説明', en: 'Description', multiline: true }, { name: 'website', ja: 'ウェブサイト', en: 'Website' },
    { name: 'email', ja: 'メール', en: 'Email' }, { name: 'corporate_number', ja: '法人番号', en: 'Corporate number' },
  ],
  services: [
    { name: 'name', ja: '名称', en: 'Name' }, { name: 'description', ja: '活動内容', en: 'What it does', multiline: true },
    { name: 'hours_notes', ja: '時間の補足', en: 'Notes on hours' }, { name: 'fee', ja: '費用', en: 'Fee' },
    { name: 'capacity_note', ja: '受入れ余力', en: 'Capacity note' },
  ],
  locations: [
    { name: 'name', ja: '名称', en: 'Name' }, { name: 'address', ja: '住所', en: 'Address' },
    { name: 'postal_code', ja: '郵便番号', en: 'Postal code' },
  ],
};
const KIND_LABEL: Record<api.RecordKind, [string, string]> = {
  organizations: ['団体', 'Organisation'], services: ['サービス', 'Service'], locations: ['拠点', 'Site'],
};

export function renderDirectory(root: HTMLElement): void {
  const q = h('input', { type: 'search', name: 'q', id: 'directory-q' });
  const municipality = h('input', { name: 'municipality', id: 'directory-municipality', inputmode: 'numeric' });
  const results = h('div', { 'aria-live': 'polite' });
  const editor = h('div', { id: 'editor' });
  const search = h('form', { class: 'card', role: 'search', 'aria-label': L('団体を探す', 'Find an organisation') },
    h('h2', {}, L('団体を探す', 'Find an organisation')),
    h('div', { class: 'row' }, field(L('名称・キーワード', 'Name or keyword'), q), field(L('市町村コード', 'Municipality code'), municipality)),
    h('button', { type: 'submit' }, L('検索', 'Search')), results);
  search.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const page = await api.findOrganizations(q.value, municipality.value || undefined);
      replace(results, h('p', {}, L(`${page.total}件`, `${page.total} found`)),
        h('ul', { class: 'plain' }, page.items.map((o) => h('li', {},
          h('button', { type: 'button', class: 'link', onclick: () => void openRecord(editor, 'organizations', o.id) }, o.name),
          o.stale ? h('span', { class: 'badge warn' }, L('要確認', 'stale')) : null))));
    } catch (err) { replace(results, problemBox(err)); }
  });
  replace(root, h('div', { class: 'columns' }, search, staleList(editor)), editor);
}

function staleList(editor: HTMLElement): HTMLElement {
  const municipality = h('input', { name: 'stale_municipality', id: 'stale-municipality', inputmode: 'numeric', value: '01230' });
  const out = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'stale-title' },
    h('h2', { id: 'stale-title' }, L('確認が古い記録', 'Stale records')),
    field(L('市町村コード', 'Municipality code'), municipality),
    h('button', { type: 'submit' }, L('一覧を表示', 'List')), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const page = await api.staleRecords(municipality.value);
      replace(out, page.items.length === 0 ? h('p', {}, L('古い記録はありません。', 'Nothing is stale.')) :
        h('table', { 'aria-label': L('確認が古い記録', 'Stale records') },
          h('thead', {}, h('tr', {}, [L('種類', 'Kind'), L('名称', 'Name'), L('最終確認日', 'Last verified'), L('経過日数', 'Days')].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, page.items.map((s) => {
            const kind: api.RecordKind = s.entity_type === 'service' ? 'services' : s.entity_type === 'location' ? 'locations' : 'organizations';
            return h('tr', {}, h('td', {}, L(...KIND_LABEL[kind])),
              h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => void openRecord(editor, kind, s.id) }, s.name)),
              h('td', {}, formatDate(s.last_verified_at)), h('td', {}, s.days_since_verified));
          }))));
    } catch (err) { replace(out, problemBox(err)); }
  });
  return form;
}

export async function openRecord(root: HTMLElement, kind: api.RecordKind, id: string): Promise<void> {
  replace(root, h('p', {}, L('読み込み中…', 'Loading…')));
  try {
    const { body, etag } = await api.getRecord<Record<string, unknown>>(kind, id);
    renderEditor(root, kind, body, etag);
  } catch (err) { replace(root, problemBox(err)); }
}

function renderEditor(root: HTMLElement, kind: api.RecordKind, record: Record<string, unknown>, etag: string | null) {
  const id = String(record.id);
  const out = h('div', { role: 'status', 'aria-live': 'polite' });
  const controls = FIELDS[kind].map((f) => {
    const value = record[f.name] == null ? '' : String(record[f.name]);
    const control = f.multiline
      ? h('textarea', { name: f.name, id: `edit-${f.name}`, rows: 3 }, value)
      : h('input', { name: f.name, id: `edit-${f.name}`, value });
    return { spec: f, control, original: value };
  });
  const form = h('form', { class: 'card editor', 'data-etag': etag ?? '' },
    h('h2', {}, L(...KIND_LABEL[kind]), ': ', String(record.name ?? '')),
    h('p', { class: 'meta' }, L('最終確認日', 'Last verified'), ': ', formatDate(record.last_verified_at as string),
      record.stale ? h('span', { class: 'badge warn' }, L('要確認', 'stale')) : null, ' · ETag ', h('code', {}, etag ?? '—')),
    controls.map((c) => field(L(c.spec.ja, c.spec.en), c.control)),
    h('div', { class: 'row' },
      h('button', { type: 'submit' }, L('保存', 'Save')),
      h('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { const r = await api.verifyRecord<Record<string, unknown>>(kind, id, etag); renderEditor(root, kind, r.body, r.etag);
          root.querySelector('[role=status]')!.textContent = L('変更なしとして確認しました。', 'Verified unchanged.'); }
        catch (err) { replace(out, conflictBox(root, kind, id, err)); }
      } }, L('変更なしとして確認', 'Verify unchanged')),
      h('button', { type: 'button', class: 'secondary', onclick: () => void openRecord(root, kind, id) }, L('読み込み直す', 'Reload'))),
    out, related(root, kind, record));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const changes: Record<string, unknown> = {};
    for (const c of controls) {
      const v = c.control.value;
      if (v !== c.original) changes[c.spec.name] = v === '' ? null : v;
    }
    if (!Object.keys(changes).length) { out.textContent = L('変更はありません。', 'Nothing changed.'); return; }
    try {
      const r = await api.patchRecord<Record<string, unknown>>(kind, id, changes, etag);
      renderEditor(root, kind, r.body, r.etag);
      root.querySelector('[role=status]')!.textContent = L('保存しました。', 'Saved.');
    } catch (err) {
      markFieldErrors(form, err);
      replace(out, conflictBox(root, kind, id, err));
    }
  });
  replace(root, form);
}

function conflictBox(root: HTMLElement, kind: api.RecordKind, id: string, err: unknown): HTMLElement {
  const box = problemBox(err);
  if (err instanceof api.ApiError && err.status === 412)
    box.append(h('button', { type: 'button', onclick: () => void openRecord(root, kind, id) }, L('最新の内容を読み込む', 'Load the latest version')));
  return box;
}

function related(root: HTMLElement, kind: api.RecordKind, record: Record<string, unknown>): HTMLElement | null {
  const link = (k: api.RecordKind, id: string, text: string) =>
    h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => void openRecord(root, k, id) }, `${L(...KIND_LABEL[k])}: ${text}`));
  if (kind === 'organizations') {
    const services = (record.services as { id: string; name: string }[] | undefined) ?? [];
    return services.length ? h('ul', { class: 'plain related' }, services.map((s) => link('services', s.id, s.name))) : null;
  }
  if (kind === 'services') {
    const org = record.organization as { id: string; name: string };
    const locations = (record.locations as api.LocationRecord[] | undefined) ?? [];
    return h('ul', { class: 'plain related' }, link('organizations', org.id, org.name),
      locations.map((l) => link('locations', l.id, String(l.address ?? l.name ?? l.id))));
  }
  return null;
}
