// How an API problem (RFC 9457) is shown: its title/detail, and each field error next to the field it names.
import { ApiError } from './api';
import { h, replace } from './dom';
import { L } from './i18n';

export function problemText(err: unknown): string {
  if (!(err instanceof ApiError)) return String(err);
  const p = err.problem;
  if (p.status === 0) return L('サーバーに接続できません。', 'Cannot reach the server.');
  if (p.status === 401) return L('APIキーが無効です。入力し直してください。', 'The API key is not valid; enter it again.');
  if (p.status === 403) return L('この操作の権限がありません。', 'This key may not do that.');
  if (p.status === 412) return L('他の人が先にこの記録を更新しました。最新の内容を読み込んでから編集してください。',
    'Someone changed this record since you opened it. Reload it, then edit again.');
  return [p.title, p.detail].filter(Boolean).join(': ') || `HTTP ${p.status}`;
}

export function showProblem(target: HTMLElement, err: unknown): void {
  replace(target, problemBox(err));
}

export function problemBox(err: unknown): HTMLElement {
  const errors = err instanceof ApiError ? err.problem.errors ?? {} : {};
  const conflict = err instanceof ApiError && err.status === 412;
  return h('div', { class: `problem${conflict ? ' conflict' : ''}`, role: 'alert', 'data-status': err instanceof ApiError ? err.status : '' },
    h('p', {}, problemText(err)),
    Object.keys(errors).length
      ? h('ul', {}, Object.entries(errors).map(([name, reasons]) => h('li', {}, h('code', {}, name), ': ', reasons.join(' '))))
      : null);
}

/** Marks each form control whose name the problem's `errors` mention, with the reason beside it. */
export function markFieldErrors(form: HTMLFormElement, err: unknown): void {
  for (const old of form.querySelectorAll('.field-error')) old.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  if (!(err instanceof ApiError) || !err.problem.errors) return;
  for (const [name, reasons] of Object.entries(err.problem.errors)) {
    const key = name.replace(/^\$\./, '');
    const control = form.querySelector<HTMLElement>(`[name="${CSS.escape(key)}"]`);
    if (!control) continue;
    control.setAttribute('aria-invalid', 'true');
    const note = h('p', { class: 'field-error', id: `${control.id}-error` }, reasons.join(' '));
    control.setAttribute('aria-describedby', note.id);
    control.insertAdjacentElement('afterend', note);
  }
}
