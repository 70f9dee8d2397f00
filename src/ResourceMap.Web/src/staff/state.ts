// The survey a member of staff is working on, shared by the survey, import and publish screens.
import * as api from '../api';
import { field, h, options } from '../dom';
import { L } from '../i18n';

let selectedSurveyId: string | null = sessionStorage.getItem('resourcemap.survey');
export const selectedSurvey = () => selectedSurveyId;
export function selectSurvey(id: string | null): void {
  selectedSurveyId = id;
  if (id) sessionStorage.setItem('resourcemap.survey', id); else sessionStorage.removeItem('resourcemap.survey');
}

/** A labelled survey picker; calls onChange with the chosen id (also on first load when one is selected). */
export function surveyPicker(onChange: (id: string | null) => void): HTMLElement {
  const select = h('select', { id: 'survey-select', name: 'survey' });
  const wrap = field(L('調査', 'Survey'), select);
  void api.surveys().then((list) => {
    if (!list.some((s) => s.id === selectedSurveyId)) selectSurvey(list[0]?.id ?? null);
    select.replaceChildren(...options(list.map((s) => ({ value: s.id, label: `${s.title}（${surveyStatusLabel(s.status)}）` })), selectedSurveyId ?? undefined,
      list.length ? undefined : L('調査がありません', 'No survey yet')));
    onChange(selectedSurveyId);
  }).catch(() => onChange(null));
  select.addEventListener('change', () => { selectSurvey(select.value || null); onChange(selectedSurveyId); });
  return wrap;
}

const SURVEY_STATUS: Record<string, [string, string]> = {
  draft: ['下書き', 'draft'], fielding: ['実施中', 'fielding'], closed: ['締切', 'closed'], published: ['公開済み', 'published'],
};
export const surveyStatusLabel = (s: string) => { const l = SURVEY_STATUS[s]; return l ? L(l[0], l[1]) : s; };
