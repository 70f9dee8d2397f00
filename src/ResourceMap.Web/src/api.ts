// The one module that speaks HTTP to the ResourceMap API. The console uses only public endpoints; when an
// endpoint's shape changes (the survey import/publish rework), this is the file to adapt.

export interface Problem {
  status: number;
  type?: string;
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
  request_id?: string;
}

/** A failed call: the RFC 9457 problem the API answered with (or one made up for a network failure). */
export class ApiError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number { return this.problem.status; }
}

// The staff key lives in this module's memory and in sessionStorage (gone when the browser session ends);
// never in a cookie or localStorage.
const KEY_STORAGE = 'resourcemap.apiKey';
let apiKey: string | null = sessionStorage.getItem(KEY_STORAGE);

export function setApiKey(key: string | null): void {
  apiKey = key && key.trim() ? key.trim() : null;
  if (apiKey) sessionStorage.setItem(KEY_STORAGE, apiKey);
  else sessionStorage.removeItem(KEY_STORAGE);
}
export function hasApiKey(): boolean { return apiKey !== null; }

type Query = Record<string, string | number | boolean | undefined | null>;

function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface Answer<T> { body: T; etag: string | null; }

async function call<T>(method: string, path: string, opts: {
  query?: Query; json?: unknown; form?: FormData; etag?: string | null; staff?: boolean; contentType?: string;
} = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // Public reads go without a key so the map shows what the public sees; staff screens send it.
  if (opts.staff && apiKey) headers['X-Api-Key'] = apiKey;
  if (opts.etag) headers['If-Match'] = opts.etag;
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    body = opts.form;
  }
  let response: Response;
  try {
    response = await fetch(url(path, opts.query), { method, headers, body });
  } catch {
    throw new ApiError({ status: 0, title: 'network error' });
  }
  const etag = response.headers.get('ETag');
  if (response.status === 204) return { body: undefined as T, etag };
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError({ status: response.status, ...(parsed ?? {}) });
  return { body: parsed as T, etag };
}

const get = async <T>(path: string, query?: Query, staff = false) => (await call<T>('GET', path, { query, staff })).body;

// ---- reference data ---------------------------------------------------------------------------------------
export interface Term { code: string; label_ja: string; label_en: string; }
export interface Vocabulary { id: string; label_ja: string; label_en: string; terms: Term[]; }
export const vocabulary = (id: string) => get<Vocabulary>(`/api/taxonomy/${id}`);

export interface Region { id: string; name_ja?: string; name_en?: string; name?: string; kind: string; member_codes?: string[]; }
export const regions = (kind?: string) => get<Region[]>('/api/regions', { kind });

export interface Municipality { code: string; official_code?: string; name: string; full_name?: string; prefecture?: string; }
export const municipalities = (query: { prefecture?: string; q?: string }) =>
  get<{ items?: Municipality[] } | Municipality[]>('/api/municipalities', query)
    .then((r) => (Array.isArray(r) ? r : r.items ?? []));

export interface GeocodeResult {
  status: string; normalized_address?: string; municipality_code?: string; prefecture?: string; municipality?: string;
  town?: string; lat?: number; lng?: number; precision?: string; warnings?: string[];
}
export const geocode = (address: string) => get<GeocodeResult>('/api/geocode', { address });

// ---- search -----------------------------------------------------------------------------------------------
export interface SearchFilters {
  category?: string; target_group?: string; keyword?: string; anonymous_ok?: boolean; open_at?: string; q?: string;
}
export interface SearchItem {
  service_id: string; name: string; category: string; organization: { id: string; name: string };
  location?: { id: string; address?: string; municipality_code?: string; lat: number; lng: number };
  distance_m?: number; service_area_level?: string; anonymous_ok?: boolean; channels?: string[];
  target_groups?: string[]; problem_keywords?: string[]; last_verified_at?: string; stale?: boolean;
}
export interface SearchResponse { count: number; total?: number; next_cursor?: string; items: SearchItem[]; }

export const searchMap = (bbox: [number, number, number, number], filters: SearchFilters, limit = 100) =>
  get<SearchResponse>('/api/search/map', { bbox: bbox.map((n) => n.toFixed(5)).join(','), limit, ...filters });
export const searchCoverage = (lat: number, lng: number, filters: SearchFilters, limit = 50) =>
  get<SearchResponse>('/api/search/coverage', { lat: lat.toFixed(6), lng: lng.toFixed(6), limit, ...filters });

/** Service tile URL template with the search filters, for MapLibre (absolute: workers need a full URL). */
export function serviceTilesUrl(filters: SearchFilters): string {
  return `${location.origin}${url('/tiles/services/{z}/{x}/{y}.mvt', { ...filters })}`
    .replace('%7Bz%7D', '{z}').replace('%7Bx%7D', '{x}').replace('%7By%7D', '{y}');
}
export const municipalityTilesUrl = () => `${location.origin}/tiles/municipalities/{z}/{x}/{y}.mvt`;

// ---- directory --------------------------------------------------------------------------------------------
export interface OpeningPeriod { day: string; opens: string; closes: string; }
export interface LocationRecord {
  id: string; name?: string | null; address?: string | null; postal_code?: string | null; municipality_code?: string;
  lat: number; lng: number; precision?: string; last_verified_at?: string; stale?: boolean; archived?: boolean;
  [field: string]: unknown;
}
export interface ServiceRecord {
  id: string; organization: { id: string; name: string }; name: string; description?: string | null; category: string;
  target_groups: string[]; problem_keywords: string[]; channels: string[]; anonymous_ok: boolean;
  hours: OpeningPeriod[]; hours_notes?: string | null; frequency?: string | null; fee?: string | null;
  capacity_note?: string | null; accepts_other_municipalities?: boolean; locations: LocationRecord[];
  last_verified_at?: string; stale?: boolean; source?: string | null; [field: string]: unknown;
}
export interface OrganizationRecord {
  id: string; name: string; name_kana?: string | null; legal_form?: string | null; description?: string | null;
  website?: string | null; email?: string | null; phones?: { number: string; description?: string | null }[];
  owner_municipality_code?: string; services?: { id: string; name: string; category?: string }[];
  last_verified_at?: string; stale?: boolean; source?: string | null; [field: string]: unknown;
}
export interface Page<T> { items: T[]; total: number; page_number: number; page_size: number; }

export type RecordKind = 'organizations' | 'services' | 'locations';

export const publicService = (id: string) => get<ServiceRecord>(`/api/services/${id}`);
export const publicOrganization = (id: string) => get<OrganizationRecord>(`/api/organizations/${id}`);

export const findOrganizations = (q: string, municipality?: string) =>
  get<Page<OrganizationRecord>>('/api/organizations', { q: q || undefined, municipality, page_size: 50 }, true);
export const getRecord = <T>(kind: RecordKind, id: string) => call<T>('GET', `/api/${kind}/${id}`, { staff: true });
/** RFC 7396 merge patch, guarded by the ETag the record was read with (412 when someone changed it since). */
export const patchRecord = <T>(kind: RecordKind, id: string, changes: Record<string, unknown>, etag: string | null) =>
  call<T>('PATCH', `/api/${kind}/${id}`, { json: changes, etag, staff: true, contentType: 'application/merge-patch+json' });
export const verifyRecord = <T>(kind: RecordKind, id: string, etag: string | null) =>
  call<T>('POST', `/api/${kind}/${id}/verify`, { etag, staff: true });

export interface StaleRecord {
  entity_type: string; id: string; name: string; organization_id?: string; owner_municipality_code?: string;
  last_verified_at: string; days_since_verified: number;
}
export const staleRecords = (municipality: string) =>
  get<{ count: number; stale_before: string; items: StaleRecord[]; next_cursor?: string }>(
    '/api/analytics/stale', { municipality: municipality || undefined, limit: 100 }, true);

// ---- sharing and gaps -------------------------------------------------------------------------------------
export interface CapacityItem {
  service_id: string; name: string; category: string; organization: { id: string; name: string; contact_person?: string };
  municipality_code?: string; distance_m?: number | null; capacity_note?: string | null; channels: string[];
  anonymous_ok: boolean; accepts_other_municipalities: boolean; usable_because: string[];
  restricted_phone?: string; restricted_email?: string; capacity_details?: string;
}
export const sharingCapacity = (forCode: string, region: string, category?: string) =>
  get<{ items: CapacityItem[]; next_cursor?: string }>('/api/sharing/capacity',
    { for: forCode, region, category, limit: 200 }, true);

export interface CategoryCoverage { category: string; label_ja: string; label_en: string; located: number; covering: number; }
export interface MunicipalityCoverage { code: string; name: string; full_name?: string; categories: CategoryCoverage[]; population?: number | null; }
export interface CoverageFinding { municipality_code: string; municipality_name: string; category: string; message: string; message_ja: string; }
export interface CoverageReport {
  region: { id: string; name_ja: string; name_en: string }; category?: string; gap_rule?: string;
  municipalities: MunicipalityCoverage[]; gaps: CoverageFinding[]; without_local_site: CoverageFinding[];
}
export const coverageGaps = (region: string, category?: string) =>
  get<CoverageReport>('/api/analytics/coverage', { region, category }, true);

// ---- surveys ----------------------------------------------------------------------------------------------
export interface SurveySummary { id: string; title: string; issuing_municipality_code: string; status: string; period_start?: string; period_end?: string; }
export interface Survey extends SurveySummary {
  region_id?: string | null; municipality_codes?: string[]; mapping_profile_id?: string | null;
  progress?: {
    targets_by_status: Record<string, number>;
    response_rate?: { answered?: number; targets?: number; rate?: number; percent?: number; [k: string]: unknown };
    answers_by_municipality: Record<string, number>;
  };
}
export interface Target {
  id: string; organization_id?: string; name: string; corporate_number?: string | null; address?: string | null;
  municipality_code?: string; status: string; sent_at?: string | null; answered_at?: string | null;
}
export interface MappingProfile { id: string; name?: string; kind?: string; [k: string]: unknown; }
export interface RowIssue { field?: string; reason_ja: string; reason_en: string; blocking: boolean; }
export interface MatchCandidate {
  target_id: string; name: string; municipality_code?: string; corporate_number?: string | null; legal_form?: string | null;
  /** 0..1, and why it is a candidate (newer API versions). */
  score?: number; reason?: string;
}
export interface ImportRow {
  row_number: number; organization_name?: string;
  /** create, update, unchanged, rejected; newer API versions add needs_review and superseded. */
  outcome: string; issues: RowIssue[]; superseded_by?: number | null;
  match?: {
    /** matched, needs_review or rejected (older API versions: ambiguous or missing). */
    status: string; target_id?: string | null; target_name?: string | null; match_key?: string; by?: string | null;
    reason_ja?: string | null; reason_en?: string | null; candidates?: MatchCandidate[];
  };
  /** What a commit stores for the row (newer API versions). */
  values?: Record<string, unknown> | null;
}
export interface ImportReport {
  import_id?: string | null; report_id?: string; mode: string; file_name?: string; encoding?: string;
  already_imported_as?: string | null; profile_id?: string; sheet?: string | null; header_row?: number;
  rows: number; created: number; updated: number; unchanged: number; rejected: number; warnings: number;
  needs_review?: number; superseded?: number;
  items: ImportRow[]; next_cursor?: string | null;
}
export const needsReview = (row: ImportRow): boolean =>
  !!row.match && row.match.status !== 'matched' && (row.match.candidates?.length ?? 0) > 0 && !!row.match.match_key;

export interface PublishChange { field: string; old: unknown; new: unknown; default: 'apply' | 'hold' | string; reason: string; }
export interface PublishPreviewRecord {
  target_id: string; target_name: string; corporate_number?: string | null; organization_id?: string | null;
  organization_name?: string | null; organization_source?: string | null; action: string;
  skip_reason?: RowIssue | null; changes: PublishChange[];
}
export interface PublishPreview {
  survey_id: string; answers: number; create: number; merge: number; unchanged: number; skip: number; held_changes: number;
  records: PublishPreviewRecord[];
}
export interface PublishDecision { target_id: string; field: string | null; decision: 'accept' | 'skip'; }
export interface PublishResult {
  survey_id: string; source?: string; organizations: number; organizations_created: number; locations: number;
  services: number; services_created?: number; changes_applied?: number; changes_not_applied?: number;
  organization_ids?: string[]; skipped?: unknown[];
}

export const surveys = () => get<SurveySummary[]>('/api/surveys', undefined, true);
export const survey = (id: string) => get<Survey>(`/api/surveys/${id}`, undefined, true);
export const createSurvey = (body: {
  title: string; issuing_municipality_code: string; region_id: string | null; municipality_codes: string[] | null;
  period_start: string; period_end: string; mapping_profile_id: string | null;
}) => call<Survey>('POST', '/api/surveys', { json: body, staff: true }).then((a) => a.body);
export const setSurveyStatus = (id: string, status: string) =>
  call<Survey>('POST', `/api/surveys/${id}/status`, { json: { status }, staff: true }).then((a) => a.body);
export const targets = (id: string) => get<Target[]>(`/api/surveys/${id}/targets`, undefined, true);
export const importTargets = (id: string, file: File, profile?: string) => {
  const form = new FormData(); form.append('file', file);
  return call<{ rows: number; added: number; already_present: number; rejected: number }>(
    'POST', `/api/surveys/${id}/targets/import`, { form, query: { profile }, staff: true }).then((a) => a.body);
};
export const addDirectoryTargets = (id: string, legalForms: string[]) =>
  call<{ added: number; already_present: number }>('POST', `/api/surveys/${id}/targets`, { json: { legal_forms: legalForms }, staff: true }).then((a) => a.body);
export const setTargetStatus = (id: string, targetId: string, status: 'sent' | 'declined' | 'pending') =>
  call<Target>('POST', `/api/surveys/${id}/targets/${targetId}/status`, { json: { status }, staff: true }).then((a) => a.body);
export const mappingProfiles = () => get<MappingProfile[]>('/api/mapping-profiles', undefined, true);
export const importAnswers = (id: string, file: File, mode: 'dry_run' | 'commit', profile?: string) => {
  const form = new FormData(); form.append('file', file);
  return call<ImportReport>('POST', `/api/surveys/${id}/answers/import`,
    { form, query: { mode, profile }, staff: true }).then((a) => a.body);
};
/** The next page of an import report (API versions that page their reports). */
export const importReportPage = (id: string, reportId: string, cursor: string) =>
  get<{ report_id: string; items: ImportRow[]; next_cursor?: string | null }>(
    `/api/surveys/${id}/import-reports/${reportId}`, { cursor, limit: 200 }, true);
export const resolveMatch = (id: string, matchKey: string, targetId: string) =>
  call<void>('POST', `/api/surveys/${id}/match-resolutions`, { json: { match_key: matchKey, target_id: targetId }, staff: true });
/** What publishing would change, per record and field; null when this API version offers no preview. */
export const publishPreview = (id: string) =>
  get<PublishPreview>(`/api/surveys/${id}/publish/preview`, undefined, true)
    .catch((err) => { if (err instanceof ApiError && (err.status === 404 || err.status === 405)) return null; throw err; });
export const publishSurvey = (id: string, decisions?: PublishDecision[]) =>
  call<PublishResult>('POST', `/api/surveys/${id}/publish`,
    { json: decisions && decisions.length ? { decisions } : undefined, staff: true }).then((a) => a.body);

/** The bounding box of a region's stored boundary, to frame it on a map. */
export async function regionBounds(id: string): Promise<[number, number, number, number] | null> {
  const region = await get<{ boundary?: { coordinates: unknown } }>(`/api/regions/${id}`, { include: 'boundary' });
  if (!region.boundary) return null;
  const box = [180, 90, -180, -90];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[];
      box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y); box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(region.boundary.coordinates);
  return box as [number, number, number, number];
}
