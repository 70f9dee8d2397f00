// The staff workbench: asks for the API key once per browser session (kept in memory and sessionStorage only),
// then shows one screen per task. Every screen calls the public API through ../api.ts.
import * as api from '../api';
import { field, h, replace } from '../dom';
import { L } from '../i18n';
import { renderDirectory } from './directory';
import { renderGaps } from './gaps';
import { renderImport } from './import';
import { renderPublish } from './publish';
import { renderSharing } from './sharing';
import { renderSurveys } from './surveys';

const SCREENS: { id: string; ja: string; en: string; render: (el: HTMLElement) => void }[] = [
  { id: 'surveys', ja: '調査', en: 'Surveys', render: renderSurveys },
  { id: 'import', ja: '回答の取込', en: 'Answer import', render: renderImport },
  { id: 'publish', ja: '公開', en: 'Publish', render: renderPublish },
  { id: 'directory', ja: '台帳', en: 'Directory', render: renderDirectory },
  { id: 'sharing', ja: '広域共有', en: 'Sharing', render: renderSharing },
  { id: 'gaps', ja: '空白分析', en: 'Gap analysis', render: renderGaps },
];

export function renderStaff(root: HTMLElement, path: string): void {
  if (!api.hasApiKey()) { renderKeyForm(root); return; }
  const screen = SCREENS.find((s) => s.id === path.split('/')[0]) ?? SCREENS[0];
  const body = h('div', { class: 'screen' });
  replace(root,
    h('div', { class: 'staff-layout' },
      h('nav', { class: 'tabs', 'aria-label': L('職員メニュー', 'Staff menu') },
        SCREENS.map((s) => h('a', { href: `#/staff/${s.id}`, 'aria-current': s === screen ? 'page' : null }, L(s.ja, s.en))),
        h('button', { type: 'button', class: 'secondary', onclick: () => { api.setApiKey(null); location.hash = '#/staff'; renderStaff(root, ''); } },
          L('キーを消去', 'Forget key'))),
      h('h1', { class: 'page-title' }, L(screen.ja, screen.en)),
      body));
  screen.render(body);
}

function renderKeyForm(root: HTMLElement): void {
  const input = h('input', { id: 'api-key', name: 'api_key', type: 'password', autocomplete: 'off', required: true });
  const form = h('form', { class: 'card key-form' },
    h('h1', { class: 'page-title' }, L('職員ワークベンチ', 'Staff workbench')),
    h('p', {}, L('APIキーを入力してください。キーはこのブラウザのセッションの間だけ保持され、Cookie や localStorage には保存されません。',
      'Enter your API key. It is kept for this browser session only, never in a cookie or localStorage.')),
    field(L('APIキー', 'API key'), input),
    h('button', { type: 'submit' }, L('開始', 'Start')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    api.setApiKey(input.value);
    renderStaff(root, location.hash.replace(/^#\/staff\/?/, ''));
  });
  replace(root, form);
  input.focus();
}
