// Publish: a closed survey's accepted answers go into the directory. Shows what publishing would change (when
// the API offers a preview), lets staff accept or skip each record, then publishes.
import * as api from '../api';
import { h, replace } from '../dom';
import { L } from '../i18n';
import { problemBox } from '../problems';
import { surveyPicker, surveyStatusLabel } from './state';

export function renderPublish(root: HTMLElement): void {
  const body = h('div', { 'aria-live': 'polite' });
  replace(root, h('section', { class: 'card' }, surveyPicker((id) => { if (id) void show(body, id); else replace(body); })), body);
}

async function show(root: HTMLElement, id: string) {
  try {
    const survey = await api.survey(id);
    const out = h('div', { role: 'status' });
    const publish = async () => {
      try {
        if (survey.status === 'fielding') await api.setSurveyStatus(id, 'closed');
        const r = await api.publishSurvey(id);
        replace(out, h('p', { 'data-testid': 'publish-result' },
          L(`公開しました: 団体 ${r.organizations}（新規 ${r.organizations_created}）、拠点 ${r.locations}、サービス ${r.services}`,
            `Published: ${r.organizations} organisations (${r.organizations_created} new), ${r.locations} sites, ${r.services} services`)),
          r.skipped?.length ? h('p', {}, L(`見送り ${r.skipped.length}件`, `${r.skipped.length} skipped`)) : null,
          h('p', {}, h('a', { href: '#/' }, L('地図で確かめる', 'See it on the map'))));
      } catch (err) { replace(out, problemBox(err)); }
    };
    replace(root, h('section', { class: 'card' },
      h('h2', {}, survey.title),
      h('p', {}, L('状態', 'Status'), ': ', h('strong', {}, surveyStatusLabel(survey.status))),
      h('p', { class: 'note' }, L('回答ごとの変更内容の確認と「採用・見送り」は、API がプレビューを提供するとここに表示されます。現在の API では、取り込み済みの回答がすべて公開されます。',
        'The per-record preview with accept/skip appears here when the API offers it; with the current API every committed answer is published.')),
      survey.status === 'draft'
        ? h('p', {}, L('下書きの調査は公開できません。', 'A draft survey cannot be published.'))
        : h('button', { type: 'button', 'data-testid': 'publish', onclick: () => void publish() },
          survey.status === 'fielding' ? L('締め切って公開する', 'Close and publish') : L('公開する', 'Publish')),
      out));
  } catch (err) { replace(root, problemBox(err)); }
}
