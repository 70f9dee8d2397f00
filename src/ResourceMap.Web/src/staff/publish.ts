// Publish: a closed survey's accepted answers go into the directory. When the API offers a preview, it lists per
// organisation and service the changes old → new; staff accept or skip each record (and accept held changes, which
// would replace a value the directory holds), then publish with those decisions.
import * as api from '../api';
import { h, replace } from '../dom';
import { L } from '../i18n';
import { problemBox } from '../problems';
import { surveyPicker, surveyStatusLabel } from './state';

const ACTIONS: Record<string, [string, string]> = {
  create: ['新規作成', 'create'], merge: ['既存に反映', 'merge'], unchanged: ['変更なし', 'unchanged'], skip: ['見送り', 'skip'],
};

export function renderPublish(root: HTMLElement): void {
  const body = h('div', { 'aria-live': 'polite' });
  replace(root, h('section', { class: 'card' }, surveyPicker((id) => { if (id) void show(body, id); else replace(body); })), body);
}

async function show(root: HTMLElement, id: string) {
  try {
    let survey = await api.survey(id);
    const out = h('div', { role: 'status' });
    const previewBox = h('div', {});
    let preview: api.PublishPreview | null = null;
    const decisions = new Map<string, api.PublishDecision>(); // key: target_id + field
    const decide = (d: api.PublishDecision | null, key: string) => { if (d) decisions.set(key, d); else decisions.delete(key); };

    const loadPreview = async () => {
      replace(previewBox, h('p', {}, L('変更内容を確認しています…', 'Loading the preview…')));
      preview = await api.publishPreview(id);
      replace(previewBox, preview ? previewView(preview, decide)
        : h('p', { class: 'note', 'data-testid': 'preview-unavailable' }, L('この API は公開前のプレビューを提供していません。取り込み済みの回答がすべて公開されます。',
          'This API offers no publish preview: every committed answer is published.')));
    };
    const statusEl = h('strong', { 'data-status': survey.status }, surveyStatusLabel(survey.status));
    const publishButton = h('button', { type: 'button', 'data-testid': 'publish', onclick: () => void publish() },
      survey.status === 'fielding' ? L('締め切って公開する', 'Close and publish') : L('公開する', 'Publish'));
    const publish = async () => {
      try {
        if (survey.status === 'fielding') survey = await api.setSurveyStatus(id, 'closed');
        const r = await api.publishSurvey(id, [...decisions.values()]);
        survey = await api.survey(id);
        statusEl.textContent = surveyStatusLabel(survey.status);
        publishButton.textContent = L('もう一度公開する', 'Publish again');
        replace(out, h('p', { 'data-testid': 'publish-result', 'data-organizations': r.organizations, 'data-services': r.services },
          L(`公開しました: 団体 ${r.organizations}（新規 ${r.organizations_created}）、拠点 ${r.locations}、サービス ${r.services}`,
            `Published: ${r.organizations} organisations (${r.organizations_created} new), ${r.locations} sites, ${r.services} services`),
          r.changes_applied != null ? L(`、反映した変更 ${r.changes_applied}、反映しなかった変更 ${r.changes_not_applied ?? 0}`,
            `; ${r.changes_applied} changes written, ${r.changes_not_applied ?? 0} not`) : ''),
          r.skipped?.length ? h('p', {}, L(`見送り ${r.skipped.length}件`, `${r.skipped.length} skipped`)) : null,
          h('p', {}, h('a', { href: '#/' }, L('地図で確かめる', 'See it on the map'))));
      } catch (err) { replace(out, problemBox(err)); }
    };
    replace(root, h('section', { class: 'card' },
      h('h2', {}, survey.title),
      h('p', {}, L('状態', 'Status'), ': ', statusEl),
      survey.status === 'draft'
        ? h('p', {}, L('下書きの調査は公開できません。', 'A draft survey cannot be published.'))
        : h('div', { class: 'row' },
          h('button', { type: 'button', class: 'secondary', 'data-testid': 'preview', onclick: () => void loadPreview().catch((err) => replace(previewBox, problemBox(err))) },
            L('変更内容を確認', 'Preview changes')),
          publishButton),
      out), previewBox);
  } catch (err) { replace(root, problemBox(err)); }
}

const text = (v: unknown): string => (v == null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function previewView(p: api.PublishPreview, decide: (d: api.PublishDecision | null, key: string) => void): HTMLElement {
  return h('section', { class: 'card' },
    h('h2', { id: 'preview-title' }, L('公開で変わる内容', 'What publishing changes')),
    h('p', { 'data-testid': 'preview-summary' }, L(`回答 ${p.answers}: 新規 ${p.create}、反映 ${p.merge}、変更なし ${p.unchanged}、見送り ${p.skip}、保留中の変更 ${p.held_changes}`,
      `${p.answers} answers: ${p.create} create, ${p.merge} merge, ${p.unchanged} unchanged, ${p.skip} skip, ${p.held_changes} held changes`)),
    h('p', { class: 'note' }, L('「保留」の変更は、他から来た値を書き換えるため、採用したときだけ反映されます。',
      'Held changes would replace a value from elsewhere: they are written only when accepted.')),
    h('div', { class: 'table-scroll' }, h('table', { 'aria-labelledby': 'preview-title' },
      h('thead', {}, h('tr', {}, [L('回答した団体', 'Answer'), L('反映先', 'Goes into'), L('処理', 'Action'), L('変更（旧 → 新）', 'Changes (old → new)'), L('判断', 'Decision')]
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, p.records.map((r) => {
        const recordChoice = h('select', { name: `decision-${r.target_id}`, 'aria-label': L(`${r.target_name} の判断`, `Decision for ${r.target_name}`) },
          h('option', { value: '' }, L('既定どおり', 'As proposed')), h('option', { value: 'accept' }, L('すべて採用', 'Accept all')),
          h('option', { value: 'skip' }, L('見送る', 'Skip')));
        recordChoice.addEventListener('change', () => decide(recordChoice.value
          ? { target_id: r.target_id, field: null, decision: recordChoice.value as 'accept' | 'skip' } : null, r.target_id));
        return h('tr', { 'data-target': r.target_id },
          h('td', {}, r.target_name, r.corporate_number ? h('div', { class: 'meta' }, r.corporate_number) : null),
          h('td', {}, r.organization_name ?? L('（新しく作成）', '(new)'), r.organization_source ? h('div', { class: 'meta' }, r.organization_source) : null),
          h('td', {}, ACTIONS[r.action] ? L(...ACTIONS[r.action]) : r.action,
            r.skip_reason ? h('div', { class: 'meta' }, L(r.skip_reason.reason_ja, r.skip_reason.reason_en)) : null),
          h('td', {}, r.changes.length ? h('ul', { class: 'issues' }, r.changes.map((c) => {
            const held = c.default === 'hold';
            const accept = held ? h('input', { type: 'checkbox', name: `accept-${r.target_id}-${c.field}` }) : null;
            accept?.addEventListener('change', () => decide(accept.checked ? { target_id: r.target_id, field: c.field, decision: 'accept' } : null, `${r.target_id}|${c.field}`));
            return h('li', { class: held ? 'warning' : '' }, h('code', {}, c.field), ` ${text(c.old)} → ${text(c.new)}`,
              held ? h('label', { class: 'check' }, accept, L('保留中: 採用する', 'held: accept')) : null);
          })) : '—'),
          h('td', {}, r.action === 'skip' || r.action === 'unchanged' ? '—' : recordChoice));
      })))));
}
