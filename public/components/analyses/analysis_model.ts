/**
 * The Analyses page's logic without React: a saved definition split into the form's fields and the YAML the editor
 * shows (and joined back), the server's field errors sorted onto them, progress as a reader wants it, the report's
 * rows for export (CSV, NDJSON) and a record's link to its raw document.
 *
 * YAML is read with js-yaml's JSON schema only, as the server reads it (server/analyses/parse_text.ts): no tags,
 * nothing constructed; the server validates the result again in full.
 */
import { dump, JSON_SCHEMA, load } from 'js-yaml';
import { ownValue } from '../../../common/own_keys';
import type {
  AnalysisExplainedRecord,
  AnalysisFieldError,
  AnalysisReportBody,
  AnalysisStatusResponse,
} from '../../../common/analysis_api';
import { whyText } from '../../../common/analysis_why';

/** The keys the form edits; everything else (features, flags, packs, engine…) stays in the YAML editor. */
export interface AnalysisForm {
  name: string;
  indexPattern: string;
  from: string;
  to: string;
  query: string;
  /** Empty: no schedule. */
  interval: string;
  /** The rest of the definition as YAML (or JSON). */
  text: string;
}

export const FORM_PATHS = ['name', 'indexPattern', 'timeRange.from', 'timeRange.to', 'query', 'schedule'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export const TEMPLATES: Record<string, { label: string; form: Omit<AnalysisForm, 'name'> }> = {
  dns: {
    label: 'DNS lookups (DGA names, beaconing, data in TXT queries)',
    form: {
      indexPattern: 'logs-*',
      from: 'now-24h',
      to: 'now',
      query: 'dns.question.name:*',
      interval: '',
      text: 'packs:\n  - dns\nengine:\n  sampleSize: 2000\n  topOutliers: 50\n',
    },
  },
  logins: {
    label: 'Logins (country, network, device, hour)',
    form: {
      indexPattern: 'logs-*',
      from: 'now-7d',
      to: 'now',
      query: 'event.category:authentication',
      interval: '',
      text: 'packs:\n  - logins\n',
    },
  },
  anomal: {
    label: "anomal's own YAML (features with type: field|metric, multiplier)",
    form: {
      indexPattern: 'logs-*',
      from: 'now-24h',
      to: 'now',
      query: '',
      interval: '',
      text: [
        'features:',
        '  - type: field',
        '    data_needed: client.bytes',
        '    name: client.bytes',
        '    multiplier: 1',
        '  - type: metric',
        '    data_needed: dns.question.name',
        '    name: numbers_in_hostname',
        '    multiplier: 1',
        '  - type: metric',
        '    data_needed: dns.question.name',
        '    name: hostname_entropy',
        '    multiplier: 1',
        'flags:',
        '  - type: aggregation',
        '    name: beaconing_detector',
        '    data_needed: source.ip,@timestamp',
        '    severity: low',
        '    params:',
        '      client_ip: source.ip',
        "      timestamp: '@timestamp'",
        '      threshold: 0.7',
        '',
      ].join('\n'),
    },
  },
};

/** A saved definition → the form (its source fields) and the YAML of the rest. */
export function formOf(name: string, definition: unknown): AnalysisForm {
  const def: Obj = isObj(definition) ? { ...definition } : {};
  const range = isObj(def.timeRange) ? def.timeRange : {};
  const schedule = def.schedule;
  const form: AnalysisForm = {
    name,
    indexPattern: str(def.indexPattern),
    from: str(range.from),
    to: str(range.to),
    query: str(def.query),
    interval: isObj(schedule) ? str(schedule.interval) : str(schedule),
    text: '',
  };
  for (const k of ['indexPattern', 'timeRange', 'query', 'schedule']) delete def[k];
  form.text = Object.keys(def).length ? dump(def, { schema: JSON_SCHEMA, lineWidth: 120, noRefs: true }) : '';
  return form;
}

export type Joined = { ok: true; definition: Obj } | { ok: false; error: string };

/** The form and its YAML → the definition sent to the server (which validates it whole). */
export function definitionOf(form: AnalysisForm): Joined {
  let rest: unknown;
  try {
    rest = form.text.trim() === '' ? {} : load(form.text, { schema: JSON_SCHEMA });
  } catch (error) {
    return { ok: false, error: `Not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}` };
  }
  if (rest === null || rest === undefined) rest = {};
  if (!isObj(rest)) return { ok: false, error: 'The definition must be a mapping (features:, flags:, packs:…)' };
  const definition: Obj = { ...rest };
  for (const k of ['indexPattern', 'timeRange', 'query', 'schedule']) {
    if (Object.prototype.hasOwnProperty.call(rest, k))
      return { ok: false, error: `"${k}" is set in the form above, not in the YAML` };
  }
  if (form.indexPattern.trim()) definition.indexPattern = form.indexPattern.trim();
  if (form.from.trim() || form.to.trim()) definition.timeRange = { from: form.from.trim(), to: form.to.trim() };
  if (form.query.trim()) definition.query = form.query.trim();
  if (form.interval.trim()) definition.schedule = { interval: form.interval.trim() };
  return { ok: true, definition };
}

/** The server's errors by where they go: a form field (by its path's head), or the YAML editor. */
export function sortErrors(errors: readonly AnalysisFieldError[]): {
  byField: Record<string, string[]>;
  yaml: string[];
} {
  const byField: Record<string, string[]> = {};
  const yaml: string[] = [];
  for (const e of errors) {
    const field = FORM_PATHS.find((p) => e.path === p || e.path.startsWith(`${p}.`));
    const line = e.path ? `${e.path}: ${e.message}` : e.message;
    if (field) (byField[field] ??= []).push(line);
    else yaml.push(line);
  }
  return { byField, yaml };
}

/** The 400's field errors, from Kibana's error body (`attributes.errors`). */
export function fieldErrorsOf(error: unknown): AnalysisFieldError[] | undefined {
  const body = (error as { body?: { attributes?: { errors?: unknown } } })?.body;
  const errors = body?.attributes?.errors;
  if (!Array.isArray(errors)) return undefined;
  return errors.flatMap((e) =>
    isObj(e) && typeof e.path === 'string' && typeof e.message === 'string'
      ? [{ path: e.path, message: e.message }]
      : [],
  );
}

export const PHASE_LABELS: Record<string, string> = {
  counting: 'Counting the records',
  observing: 'Reading (pass 1 of 2: observing)',
  fitting: 'Fitting the clusters on the sample',
  judging: 'Reading (pass 2 of 2: scoring every record)',
  writing: 'Writing the report',
  done: 'Done',
};

/** "2 min 5 s", "40 s": time left as a reader takes it in. */
export function formatMsLeft(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'estimating…';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}

/** Share of the run done (both passes read every record): 0–100. */
export function percentDone(status: AnalysisStatusResponse): number {
  if (status.state === 'never_run') return 0;
  if (status.state === 'done') return 100;
  const { total, read } = status.progress;
  return total > 0 ? Math.min(100, Math.round((read / (2 * total)) * 100)) : 0;
}

export function splitRef(ref: string): { index: string; id: string } | undefined {
  const at = ref.indexOf('/');
  return at > 0 ? { index: ref.slice(0, at), id: ref.slice(at + 1) } : undefined;
}

/** Rison's quoted string: `!` and `'` escaped with `!`. */
const risonString = (s: string) => `'${s.replace(/!/g, '!!').replace(/'/g, "!'")}'`;

/**
 * Discover on the one raw document (app-relative to Kibana's base path): an ES|QL query on its index and `_id`, so no
 * data view is needed. The time range spans a day either side of the record's time (or the last 15 years).
 */
export function discoverPath(ref: string, timestamp?: string): string | undefined {
  const parts = splitRef(ref);
  if (!parts) return undefined;
  const esql = `FROM ${parts.index} METADATA _id | WHERE _id == "${parts.id.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const t = timestamp ? Date.parse(timestamp) : NaN;
  const time = Number.isFinite(t)
    ? `(from:${risonString(new Date(t - 86_400_000).toISOString())},to:${risonString(new Date(t + 86_400_000).toISOString())})`
    : '(from:now-15y,to:now)';
  const a = `(dataSource:(type:esql),query:(esql:${risonString(esql)}))`;
  return `/app/discover#/?_g=${encodeURIComponent(`(time:${time})`)}&_a=${encodeURIComponent(a)}`;
}

export interface ExportRow {
  kind: 'outlier' | 'flag';
  rank: number;
  flag?: string;
  index: string;
  id: string;
  score: number;
  cluster: number;
  flags: string[];
  features: Record<string, unknown>;
  fields: Record<string, string>;
  /** What sets the record apart (common/analysis_why.ts), in reports that have it. */
  why?: AnalysisExplainedRecord['why'];
}

/**
 * The report's records as rows: the top outliers by score, then each flag's examples. The report holds a bounded
 * number of each (the engine's `topOutliers`, 20 examples per flag), so an export never pulls the run's millions of
 * results into the browser; every record's full result is in `buffalogs-analysis-<space>`.
 */
export function exportRows(report: AnalysisReportBody): ExportRow[] {
  const row = (kind: ExportRow['kind'], rank: number, r: AnalysisExplainedRecord, flag?: string): ExportRow => {
    const ref = splitRef(r.ref) ?? { index: '', id: r.ref };
    return {
      kind,
      rank,
      ...(flag ? { flag } : {}),
      index: ref.index,
      id: ref.id,
      score: r.score,
      cluster: r.cluster,
      flags: r.flags,
      features: r.features,
      fields: r.fields,
      ...(r.why ? { why: r.why } : {}),
    };
  };
  return [
    ...report.topOutliers.map((r, i) => row('outlier', i + 1, r)),
    ...report.flags.flatMap((f) => f.examples.map((r, i) => row('flag', i + 1, r, f.name))),
  ];
}

export const toNdjson = (rows: readonly ExportRow[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** RFC 4180 quoting; a cell starting with = + - @ (or a tab/CR) is prefixed with `'` so a spreadsheet never runs it. */
function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?[0-9.]+(e-?[0-9]+)?$/i.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly ExportRow[]): string {
  const featureNames = [...new Set(rows.flatMap((r) => Object.keys(r.features)))];
  const fieldNames = [...new Set(rows.flatMap((r) => Object.keys(r.fields)))];
  const header = [
    ...['kind', 'rank', 'flag', 'index', 'id', 'score', 'cluster', 'flags', 'why'],
    ...featureNames.map((n) => `feature.${n}`),
    ...fieldNames,
  ];
  const lines = rows.map((r) =>
    [
      r.kind,
      r.rank,
      r.flag ?? '',
      r.index,
      r.id,
      r.score,
      r.cluster,
      r.flags.join(' '),
      r.why ? whyText(r.why) : '',
      // Own values only: a name another record has and this one lacks (`toString`) read Object.prototype's function.
      ...featureNames.map((n) => ownValue(r.features, n)),
      ...fieldNames.map((n) => ownValue(r.fields, n)),
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.map(csvCell).join(','), ...lines].join('\r\n') + '\r\n';
}
