// Answer import: upload a CSV, tab-separated text, XLSX or XLS, choose a mapping profile, look at the dry run (each row's outcome, the values
// a commit would store, warnings, its match), settle rows that need review by picking a candidate target, commit.
// Works with both report shapes of the API (rows needing review as `ambiguous`, or `needs_review` with ranked
// candidates, values and paged reports); see ../api.ts.
import * as api from '../api';
import { field, h, options, replace } from '../dom';
import { L, currentLang } from '../i18n';
import { problemBox } from '../problems';
import { selectedSurvey, surveyPicker } from './state';

const OUTCOMES: Record<string, [string, string]> = {
  create: ['新規', 'create'], update: ['更新', 'update'], unchanged: ['変更なし', 'unchanged'], rejected: ['却下', 'rejected'],
  needs_review: ['要確認', 'needs review'], superseded: ['後の回答で置換', 'superseded'],
};
const FIELD_LABELS: Record<string, [string, string]> = {
  organization_name: ['団体名', 'Organisation'], name_kana: ['フリガナ', 'Kana'], corporate_number: ['法人番号', 'Corporate number'],
  address: ['所在地', 'Address'], municipality_code: ['市町村', 'Municipality'], phone: ['電話', 'Phone'], email: ['メール', 'Email'],
  legal_form: ['組織形態', 'Legal form'], activity_scope: ['活動の範囲', 'Scope'], active_against_isolation: ['孤独・孤立対策の活動', 'Active against isolation'],
  problem_keywords: ['困りごと', 'Problems'], activity_types: ['活動の種類', 'Activity types'], frequency: ['頻度', 'Frequency'],
  municipal_commission: ['市町村からの委託', 'Commissioned'], activity_description: ['活動内容', 'Description'],
};

const MATCHED_BY: Record<string, [string, string]> = {
  corporate_number: ['法人番号', 'corporate number'], name: ['名称', 'name'], name_and_legal_form: ['名称と法人格', 'name and legal form'],
  resolution: ['職員の指定', 'staff resolution'],
};

export function renderImport(root: HTMLElement): void {
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.tsv,.txt,.xlsx,.xls', required: true });
  const profile = h('select', { name: 'profile' });
  void api.mappingProfiles().then((list) => profile.replaceChildren(...options(
    list.filter((p) => !p.kind || p.kind === 'answers').map((p) => ({ value: p.id, label: String(p.name ?? p.id) })),
    undefined, L('調査の既定', "The survey's default")))).catch(() => undefined);
  const report = h('div', { class: 'report', 'aria-live': 'polite' });
  const form = h('form', { class: 'card' },
    surveyPicker(() => replace(report)),
    field(L('回答ファイル（CSV・タブ区切り・XLSX・XLS）', 'Answer file (CSV, tab-separated, XLSX, XLS)'), file),
    field(L('マッピングプロファイル', 'Mapping profile'), profile),
    h('button', { type: 'submit' }, L('試行（ドライラン）', 'Dry run')));
  const run = async (mode: 'dry_run' | 'commit') => {
    const survey = selectedSurvey(); const f = file.files?.[0];
    if (!survey || !f) return;
    replace(report, h('p', {}, L('処理中…', 'Working…')));
    try {
      const result = await api.importAnswers(survey, f, mode, profile.value || undefined);
      showReport(report, result, survey, () => void run('dry_run'), () => void run('commit'));
    } catch (err) { replace(report, problemBox(err)); }
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); void run('dry_run'); });
  replace(root, form, report);
}

function showReport(root: HTMLElement, r: api.ImportReport, surveyId: string, rerun: () => void, commit: () => void) {
  const reviewCount = r.needs_review ?? r.items.filter(api.needsReview).length;
  const committed = r.mode === 'commit';
  const tbody = h('tbody', {});
  const more = h('div', {});
  const addRows = (rows: api.ImportRow[], cursor: string | null | undefined) => {
    tbody.append(...rows.map((row) => rowView(row, surveyId, rerun)));
    replace(more, cursor && r.report_id ? h('button', { type: 'button', class: 'secondary', onclick: async () => {
      try { const page = await api.importReportPage(surveyId, r.report_id!, cursor); addRows(page.items, page.next_cursor); }
      catch (err) { replace(more, problemBox(err)); }
    } }, L('続きの行を表示', 'Show more rows')) : null);
  };
  const counts = L(`${r.rows}行: 新規 ${r.created}、更新 ${r.updated}、変更なし ${r.unchanged}、却下 ${r.rejected}、警告 ${r.warnings}`,
    `${r.rows} rows: ${r.created} create, ${r.updated} update, ${r.unchanged} unchanged, ${r.rejected} rejected, ${r.warnings} warnings`)
    + (r.needs_review != null ? L(`、要確認 ${r.needs_review}`, `, ${r.needs_review} need review`) : '')
    + (r.superseded ? L(`、置換 ${r.superseded}`, `, ${r.superseded} superseded`) : '');
  replace(root,
    h('section', { class: 'card' },
      h('h2', {}, committed ? L('取込結果', 'Import committed') : L('ドライランの結果（まだ保存されていません）', 'Dry run (nothing stored yet)')),
      h('p', { 'data-testid': 'import-summary', 'data-rows': r.rows, 'data-created': r.created, 'data-rejected': r.rejected,
        'data-needs-review': reviewCount }, counts),
      r.profile_id ? h('p', { class: 'note' }, L('プロファイル', 'Profile'), `: ${r.profile_id}`, r.sheet ? ` · ${r.sheet}` : '',
        r.header_row ? L(` · 見出し ${r.header_row}行目`, ` · header row ${r.header_row}`) : '') : null,
      r.already_imported_as ? h('p', { class: 'note' }, L('このファイルは取込済みです。', 'This file was already imported.')) : null,
      reviewCount ? h('p', { class: 'badge warn' }, L(`要確認 ${reviewCount}行: 候補から対象を選んでください`, `${reviewCount} rows need review: pick their target`)) : null,
      committed ? null : h('button', { type: 'button', 'data-testid': 'commit', onclick: commit }, L('この内容で取り込む', 'Commit this import'))),
    h('div', { class: 'table-scroll' }, h('table', { class: 'rows', 'aria-label': L('行ごとの結果', 'Rows') },
      h('thead', {}, h('tr', {}, [L('行', 'Row'), L('団体名', 'Organisation'), L('結果', 'Outcome'), L('照合', 'Match'),
        L('保存される値', 'Values to store'), L('警告・問題', 'Warnings and problems')].map((c) => h('th', { scope: 'col' }, c)))),
      tbody)),
    more);
  addRows(r.items, r.next_cursor);
}

function rowView(row: api.ImportRow, surveyId: string, rerun: () => void): HTMLElement {
  const ja = currentLang() === 'ja';
  return h('tr', { class: `outcome-${row.outcome}`, 'data-row': row.row_number },
    h('td', {}, row.row_number), h('td', {}, row.organization_name ?? ''),
    h('td', {}, OUTCOMES[row.outcome] ? L(...OUTCOMES[row.outcome]) : row.outcome,
      row.superseded_by ? h('div', { class: 'meta' }, L(`→ ${row.superseded_by}行目`, `→ row ${row.superseded_by}`)) : null),
    h('td', {}, matchCell(row, surveyId, rerun)),
    h('td', {}, valuesCell(row.values)),
    h('td', {}, row.issues.length ? h('ul', { class: 'issues' }, row.issues.map((i) =>
      h('li', { class: i.blocking ? 'blocking' : 'warning' }, i.field ? h('code', {}, i.field) : null, ' ', ja ? i.reason_ja : i.reason_en))) : '—'));
}

function matchCell(row: api.ImportRow, surveyId: string, rerun: () => void): HTMLElement | string {
  const m = row.match;
  if (!m) return '—';
  if (m.status === 'matched') {
    const by = m.by && MATCHED_BY[m.by] ? L(...MATCHED_BY[m.by]) : m.by ?? '';
    return L(`照合済み（${by}）`, `matched (${by})`) + (m.target_name ? ` ${m.target_name}` : '');
  }
  const reason = currentLang() === 'ja' ? m.reason_ja : m.reason_en;
  if (!api.needsReview(row)) return h('span', {}, m.status === 'missing' ? L('対象なし', 'no target') : m.status, reason ? h('div', { class: 'meta' }, reason) : null);
  const select = h('select', { name: `candidate-${row.row_number}` },
    ...options(m.candidates!.map((c) => ({ value: c.target_id,
      label: `${c.name}（${c.municipality_code ?? ''}${c.corporate_number ? ` ${c.corporate_number}` : ''}）${c.score != null ? ` ${Math.round(c.score * 100)}%` : ''}` }))));
  const out = h('span', { role: 'status' });
  return h('div', { class: 'review' },
    h('span', { class: 'badge warn' }, L('要確認', 'needs review')),
    reason ? h('p', { class: 'meta' }, reason) : null,
    field(L('候補', 'Candidate'), select),
    h('button', { type: 'button', class: 'small', 'data-testid': `resolve-${row.row_number}`, onclick: async () => {
      try { await api.resolveMatch(surveyId, m.match_key!, select.value); rerun(); } catch (err) { replace(out, problemBox(err)); }
    } }, L('この候補に決める', 'Use this target')), out);
}

/** A value as staff read it: code/label pairs by their Japanese label, lists joined, yes/no in words. */
function show(v: unknown): string {
  if (v == null) return '—';
  if (typeof v === 'boolean') return v ? L('はい', 'yes') : L('いいえ', 'no');
  if (Array.isArray(v)) return v.map(show).join('、');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('label_ja' in o) return String(o.label_ja ?? o.code);
    return Object.entries(o).map(([k, x]) => `${k}: ${show(x)}`).join('; ');
  }
  return String(v);
}

function valuesCell(values: Record<string, unknown> | null | undefined): HTMLElement | string {
  const shown = Object.entries(values ?? {}).filter(([, v]) =>
    v != null && v !== '' && !(Array.isArray(v) && !v.length) && !(typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length));
  if (!shown.length) return '—';
  return h('dl', { class: 'values' }, shown.flatMap(([k, v]) =>
    [h('dt', {}, FIELD_LABELS[k] ? L(...FIELD_LABELS[k]) : k), h('dd', {}, show(v))]));
}
