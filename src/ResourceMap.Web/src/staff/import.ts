// Answer import: upload a CSV/XLSX, choose a mapping profile, look at the dry run (each row's outcome, the values
// a commit would store, warnings, its match), settle rows that need review by picking a candidate target, commit.
import * as api from '../api';
import { field, h, options, replace } from '../dom';
import { L, currentLang } from '../i18n';
import { problemBox } from '../problems';
import { selectedSurvey, surveyPicker } from './state';

const OUTCOMES: Record<string, [string, string]> = {
  create: ['新規', 'create'], update: ['更新', 'update'], unchanged: ['変更なし', 'unchanged'], rejected: ['却下', 'rejected'],
};

export function renderImport(root: HTMLElement): void {
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx', required: true });
  const profile = h('select', { name: 'profile' });
  void api.mappingProfiles().then((list) => profile.replaceChildren(...options(
    list.map((p) => ({ value: p.id, label: String(p.name ?? p.id) })), undefined, L('調査の既定', "The survey's default"))))
    .catch(() => undefined);
  const report = h('div', { class: 'report', 'aria-live': 'polite' });
  const form = h('form', { class: 'card' },
    surveyPicker(() => replace(report)),
    field(L('回答ファイル（CSV/XLSX）', 'Answer file (CSV/XLSX)'), file),
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
  const needsReview = r.items.filter((i) => i.match && i.match.status !== 'matched' && (i.match.candidates?.length ?? 0) > 0);
  const committed = r.mode === 'commit';
  replace(root,
    h('section', { class: 'card' },
      h('h2', {}, committed ? L('取込結果', 'Import committed') : L('ドライランの結果（まだ保存されていません）', 'Dry run (nothing stored yet)')),
      h('p', { 'data-testid': 'import-summary' },
        L(`${r.rows}行: 新規 ${r.created}、更新 ${r.updated}、変更なし ${r.unchanged}、却下 ${r.rejected}、警告 ${r.warnings}`,
          `${r.rows} rows: ${r.created} create, ${r.updated} update, ${r.unchanged} unchanged, ${r.rejected} rejected, ${r.warnings} warnings`)),
      r.already_imported_as ? h('p', { class: 'note' }, L('このファイルは取込済みです。', 'This file was already imported.')) : null,
      needsReview.length ? h('p', { class: 'badge warn' }, L(`要確認 ${needsReview.length}行: 候補から対象を選んでください`, `${needsReview.length} rows need review: pick their target`)) : null,
      committed ? null : h('button', { type: 'button', 'data-testid': 'commit', onclick: commit }, L('この内容で取り込む', 'Commit this import'))),
    h('div', { class: 'table-scroll' }, h('table', { class: 'rows', 'aria-label': L('行ごとの結果', 'Rows') },
      h('thead', {}, h('tr', {}, [L('行', 'Row'), L('団体名', 'Organisation'), L('結果', 'Outcome'), L('照合', 'Match'),
        L('保存される値', 'Values to store'), L('警告・問題', 'Warnings and problems')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, r.items.map((row) => h('tr', { class: `outcome-${row.outcome}`, 'data-row': row.row_number },
        h('td', {}, row.row_number), h('td', {}, row.organization_name ?? ''),
        h('td', {}, OUTCOMES[row.outcome] ? L(...OUTCOMES[row.outcome]) : row.outcome),
        h('td', {}, matchCell(row, surveyId, rerun)),
        h('td', {}, valuesCell(row.values)),
        h('td', {}, row.issues.length ? h('ul', { class: 'issues' }, row.issues.map((i) =>
          h('li', { class: i.blocking ? 'blocking' : 'warning' }, i.field ? h('code', {}, i.field) : null, ' ',
            currentLang() === 'ja' ? i.reason_ja : i.reason_en))) : '—')))))));
}

function matchCell(row: api.ImportRow, surveyId: string, rerun: () => void): HTMLElement | string {
  const m = row.match;
  if (!m) return '—';
  if (m.status === 'matched') return L(`照合済み（${m.by ?? ''}）`, `matched (${m.by ?? ''})`);
  const candidates = m.candidates ?? [];
  if (!candidates.length || !m.match_key) return m.status === 'missing' ? L('対象なし', 'no target') : m.status;
  const select = h('select', { name: `candidate-${row.row_number}` },
    ...options(candidates.map((c) => ({ value: c.target_id, label: `${c.name}（${c.municipality_code ?? ''}）` }))));
  const out = h('span', { role: 'status' });
  return h('div', { class: 'review' },
    h('span', { class: 'badge warn' }, L('要確認', 'needs review')),
    field(L('候補', 'Candidate'), select),
    h('button', { type: 'button', class: 'small', 'data-testid': `resolve-${row.row_number}`, onclick: async () => {
      try { await api.resolveMatch(surveyId, m.match_key!, select.value); rerun(); } catch (err) { replace(out, problemBox(err)); }
    } }, L('この候補に決める', 'Use this target')), out);
}

function valuesCell(values: Record<string, unknown> | undefined): HTMLElement | string {
  if (!values || !Object.keys(values).length) return '—';
  return h('dl', { class: 'values' }, Object.entries(values).flatMap(([k, v]) =>
    [h('dt', {}, k), h('dd', {}, Array.isArray(v) ? v.join('、') : v == null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v))]));
}
