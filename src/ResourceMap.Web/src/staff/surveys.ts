// Surveys: create one over a region, import its targets, follow the response rate by municipality and status,
// mark targets sent or declined, move the survey through draft → fielding → closed.
import * as api from '../api';
import { field, h, options, replace } from '../dom';
import { L } from '../i18n';
import { markFieldErrors, problemBox } from '../problems';
import { loadRegions, regionName, termOptions } from '../reference';
import { selectSurvey, surveyPicker, surveyStatusLabel } from './state';

const STATUSES = ['pending', 'sent', 'answered', 'declined', 'undeliverable'];
const STATUS_LABELS: Record<string, [string, string]> = {
  pending: ['未送付', 'pending'], sent: ['送付済み', 'sent'], answered: ['回答あり', 'answered'],
  declined: ['辞退', 'declined'], undeliverable: ['不達', 'undeliverable'],
};
export const statusLabel = (s: string) => { const l = STATUS_LABELS[s]; return l ? L(l[0], l[1]) : s; };
const NEXT_ACTION: Record<string, [string, string]> = { fielding: ['実施中にする（配布開始）', 'Start fielding'], closed: ['締め切る', 'Close'] };

export function renderSurveys(root: HTMLElement): void {
  const detail = h('div', { class: 'survey-detail' });
  const picker = surveyPicker((id) => { if (id) void showSurvey(detail, id, () => renderSurveys(root)); else replace(detail); });
  replace(root, h('div', { class: 'columns' },
    h('section', { class: 'card' }, h('h2', {}, L('調査を選ぶ', 'Choose a survey')), picker),
    createForm(root)), detail);
}

function createForm(root: HTMLElement): HTMLElement {
  const region = h('select', { name: 'region_id' });
  void loadRegions().then((regions) => region.replaceChildren(...options(
    regions.filter((r) => r.kind !== 'prefecture').map((r) => ({ value: r.id, label: regionName(r) })), 'noboribetsu-survey-2024')));
  const title = h('input', { name: 'title', required: true });
  const issuer = h('input', { name: 'issuing_municipality_code', required: true, value: '01230', inputmode: 'numeric' });
  const start = h('input', { name: 'period_start', type: 'date', required: true });
  const end = h('input', { name: 'period_end', type: 'date', required: true });
  const out = h('div', { role: 'status' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'create-survey' },
    h('h2', { id: 'create-survey' }, L('調査を作成', 'Create a survey')),
    field(L('題名', 'Title'), title), field(L('発行する市町村コード', 'Issuing municipality code'), issuer),
    field(L('対象地域', 'Region'), region),
    h('div', { class: 'row' }, field(L('開始日', 'Start'), start), field(L('終了日', 'End'), end)),
    h('button', { type: 'submit' }, L('作成', 'Create')), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const created = await api.createSurvey({ title: title.value, issuing_municipality_code: issuer.value, region_id: region.value || null,
        municipality_codes: null, period_start: start.value, period_end: end.value, mapping_profile_id: null });
      selectSurvey(created.id);
      renderSurveys(root);
    } catch (err) { markFieldErrors(form, err); replace(out, problemBox(err)); }
  });
  return form;
}

async function showSurvey(root: HTMLElement, id: string, refreshAll: () => void) {
  replace(root, h('p', {}, L('読み込み中…', 'Loading…')));
  try {
    const [survey, targets] = await Promise.all([api.survey(id), api.targets(id)]);
    const out = h('div', { role: 'status' });
    const file = h('input', { type: 'file', name: 'file', accept: '.csv,.tsv,.txt,.xlsx,.xls' });
    const importForm = h('form', { class: 'inline' },
      field(L('対象団体の一覧（CSV・タブ区切り・XLSX・XLS）', 'Target list (CSV, tab-separated, XLSX, XLS)'), file),
      h('button', { type: 'submit' }, L('対象を取り込む', 'Import targets')));
    importForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = file.files?.[0];
      if (!f) return;
      try {
        const r = await api.importTargets(id, f);
        await showSurvey(root, id, refreshAll);
        root.querySelector('[role=status]')!.textContent =
          L(`${r.rows}行: 追加 ${r.added}、既存 ${r.already_present}、却下 ${r.rejected}`, `${r.rows} rows: ${r.added} added, ${r.already_present} already there, ${r.rejected} rejected`);
      } catch (err) { replace(out, problemBox(err)); }
    });
    // Directory organisations in the survey area become targets too, by legal form (e.g. every NPO).
    const legalForm = h('select', { name: 'legal_forms' });
    void termOptions('legal_form').then((o) => legalForm.replaceChildren(...options(o, 'npo')));
    const directoryForm = h('form', { class: 'inline' },
      field(L('台帳の団体を対象に加える（法人格）', 'Add directory organisations as targets (legal form)'), legalForm),
      h('button', { type: 'submit', class: 'secondary' }, L('対象に加える', 'Add targets')));
    directoryForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const r = await api.addDirectoryTargets(id, [legalForm.value]);
        await showSurvey(root, id, refreshAll);
        root.querySelector('[role=status]')!.textContent =
          L(`追加 ${r.added}、既存 ${r.already_present}`, `${r.added} added, ${r.already_present} already there`);
      } catch (err) { replace(out, problemBox(err)); }
    });
    const next: Record<string, string> = { draft: 'fielding', fielding: 'closed' };
    const rate = survey.progress?.response_rate;
    replace(root,
      h('section', { class: 'card' },
        h('h2', {}, survey.title),
        h('p', {}, L('状態', 'Status'), ': ', h('strong', { 'data-testid': 'survey-status', 'data-status': survey.status }, surveyStatusLabel(survey.status)), ' ',
          next[survey.status] ? h('button', { type: 'button', class: 'secondary', onclick: async () => {
            try { await api.setSurveyStatus(id, next[survey.status]); refreshAll(); } catch (err) { replace(out, problemBox(err)); }
          } }, L(...NEXT_ACTION[next[survey.status]])) : null),
        rate ? h('p', {}, L('回答率', 'Response rate'), ': ', h('strong', { 'data-testid': 'response-rate' }, formatRate(rate))) : null,
        importForm, directoryForm, out),
      responseTable(targets),
      targetTable(root, id, targets, refreshAll));
  } catch (err) { replace(root, problemBox(err)); }
}

function formatRate(rate: Record<string, unknown>): string {
  const answered = rate.answered ?? rate.numerator; const total = rate.targets ?? rate.denominator;
  const pct = rate.percent ?? (typeof rate.rate === 'number' ? Math.round(rate.rate * 1000) / 10 : undefined);
  return [answered != null && total != null ? `${answered} / ${total}` : null, pct != null ? `${pct} %` : null].filter(Boolean).join(' = ') || JSON.stringify(rate);
}

/** Targets by municipality × status, with the response rate of each municipality. */
function responseTable(targets: api.Target[]): HTMLElement {
  const byMunicipality = new Map<string, Map<string, number>>();
  for (const t of targets) {
    const code = t.municipality_code ?? '—';
    const row = byMunicipality.get(code) ?? new Map<string, number>();
    row.set(t.status, (row.get(t.status) ?? 0) + 1);
    byMunicipality.set(code, row);
  }
  return h('section', { class: 'card' },
    h('h2', { id: 'rate-title' }, L('市町村別・状態別の回答状況', 'Response by municipality and status')),
    h('table', { 'aria-labelledby': 'rate-title', 'data-testid': 'response-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, L('市町村コード', 'Municipality')),
        STATUSES.map((s) => h('th', { scope: 'col' }, statusLabel(s))), h('th', { scope: 'col' }, L('回答率', 'Rate')))),
      h('tbody', {}, [...byMunicipality.entries()].sort().map(([code, row]) => {
        const total = [...row.values()].reduce((a, b) => a + b, 0);
        return h('tr', {}, h('th', { scope: 'row' }, code), STATUSES.map((s) => h('td', {}, row.get(s) ?? 0)),
          h('td', {}, total ? `${((100 * (row.get('answered') ?? 0)) / total).toFixed(1)} %` : '—'));
      }))));
}

function targetTable(root: HTMLElement, surveyId: string, targets: api.Target[], refreshAll: () => void): HTMLElement {
  const mark = async (t: api.Target, status: 'sent' | 'declined') => {
    try { await api.setTargetStatus(surveyId, t.id, status); await showSurvey(root, surveyId, refreshAll); }
    catch (err) { replace(out, problemBox(err)); }
  };
  const out = h('div', { role: 'status' });
  return h('section', { class: 'card' },
    h('h2', { id: 'targets-title' }, L(`対象団体（${targets.length}）`, `Targets (${targets.length})`)), out,
    h('div', { class: 'table-scroll' }, h('table', { 'aria-labelledby': 'targets-title' },
      h('thead', {}, h('tr', {}, [L('団体名', 'Name'), L('市町村', 'Municipality'), L('状態', 'Status'), L('操作', 'Actions')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, targets.map((t) => h('tr', {},
        h('td', {}, t.name), h('td', {}, t.municipality_code ?? ''), h('td', {}, statusLabel(t.status)),
        h('td', { class: 'actions' },
          t.status === 'pending' ? h('button', { type: 'button', class: 'small', onclick: () => void mark(t, 'sent') }, L('送付済みにする', 'Mark sent')) : null,
          t.status !== 'answered' && t.status !== 'declined' ? h('button', { type: 'button', class: 'small secondary', onclick: () => void mark(t, 'declined') }, L('辞退にする', 'Mark declined')) : null)))))));
}
