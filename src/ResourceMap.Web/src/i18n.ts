// Japanese first, English on request. Texts sit next to where they are shown as L('日本語', 'English');
// switching language re-renders the current screen. The choice (not a secret) is remembered in localStorage.
import type { Term } from './api';

export type Lang = 'ja' | 'en';
let lang: Lang = localStorage.getItem('resourcemap.lang') === 'en' ? 'en' : 'ja';

export const currentLang = (): Lang => lang;
export function setLang(next: Lang): void {
  lang = next;
  localStorage.setItem('resourcemap.lang', next);
  document.documentElement.lang = next;
}
export const L = (ja: string, en: string): string => (lang === 'ja' ? ja : en);
export const termLabel = (term: Term | undefined, code: string): string =>
  term ? (lang === 'ja' ? term.label_ja : term.label_en) : code;

const DAYS: Record<string, [string, string]> = {
  mon: ['月曜', 'Mon'], tue: ['火曜', 'Tue'], wed: ['水曜', 'Wed'], thu: ['木曜', 'Thu'], fri: ['金曜', 'Fri'],
  sat: ['土曜', 'Sat'], sun: ['日曜', 'Sun'], holiday: ['祝日', 'Holidays'],
};
export const dayLabel = (day: string): string => { const d = DAYS[day]; return d ? L(d[0], d[1]) : day; };

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return lang === 'ja'
    ? `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
    : d.toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric' });
}
export const formatDistance = (m: number | null | undefined): string =>
  m == null ? '' : m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
