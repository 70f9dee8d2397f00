// Taxonomy and regions, fetched once per page load and shared by every screen.
import * as api from './api';
import { currentLang, termLabel } from './i18n';

const vocabularies = new Map<string, Promise<api.Vocabulary>>();
const loaded = new Map<string, api.Vocabulary>();

export function loadVocabulary(id: string): Promise<api.Vocabulary> {
  let p = vocabularies.get(id);
  if (!p) {
    p = api.vocabulary(id).then((v) => { loaded.set(id, v); return v; });
    vocabularies.set(id, p);
  }
  return p;
}

/** The label of a code in the current language (the code itself until its vocabulary has loaded). */
export function label(vocabularyId: string, code: string): string {
  return termLabel(loaded.get(vocabularyId)?.terms.find((t) => t.code === code), code);
}

export async function termOptions(id: string): Promise<{ value: string; label: string }[]> {
  const v = await loadVocabulary(id);
  return v.terms.map((t) => ({ value: t.code, label: termLabel(t, t.code) }));
}

let regionList: Promise<api.Region[]> | null = null;
export function loadRegions(): Promise<api.Region[]> {
  regionList ??= api.regions();
  return regionList;
}
export const regionName = (r: api.Region): string =>
  (currentLang() === 'ja' ? r.name_ja : r.name_en) ?? r.name ?? r.id;
