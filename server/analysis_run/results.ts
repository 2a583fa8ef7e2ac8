/**
 * What an analysis run writes, built without I/O: one result document per judged record and one report document in
 * `buffalogs-analysis-<space>`, and an alert per record that raised a flag of high or critical severity.
 *
 * Ids are deterministic. A record's result is keyed by (analysis, index, document id): a run again replaces the
 * record's previous verdict, and the run id tells the latest results apart from those of records no longer read. An
 * alert is keyed by (analysis, flag, index, document id): the alerts index is written with `create`, so a run again
 * raises nothing twice.
 */
import { createHash } from 'node:crypto';
import type { FamilyAlertDocument, Severity } from '../../common/alert_document';
import type { AnalysisFlagEvidence } from '../../common/analysis_api';
import { apartText } from '../../common/analysis_why';
import type { AnalysisDefinition, AnalysisReport, ExplainedRecord, FlagSpec, RecordResult } from '../analyses';
import { MAX_APART } from '../analyses/analyzer';
import { fieldReader, textOf, timeOf, type AnalysisRecord } from '../analyses/record';
import { alertEvent, alertSortKey } from '../detection/alert_document';

export const ANALYSIS_FAMILY = 'analysis';
/** Severities whose flags become alerts. */
export const ALERTING_SEVERITIES: readonly Severity[] = ['high', 'critical'];
/** Values copied into a result document (the analysis's fields; each at most 256 characters). */
const MAX_VALUES = 32;

export interface RecordRef {
  index: string;
  id: string;
}

/** How a record is named in the report: `<index>/<id>` (index names cannot hold `/`, so the first one splits them). */
export const refOf = (r: RecordRef): string => `${r.index}/${r.id}`;

export function parseRef(ref: string): RecordRef | undefined {
  const at = ref.indexOf('/');
  return at > 0 ? { index: ref.slice(0, at), id: ref.slice(at + 1) } : undefined;
}

const sha1 = (...parts: string[]): string => createHash('sha1').update(parts.join('\u0000')).digest('hex');

export const resultDocId = (analysis: string, r: RecordRef): string => sha1('record', analysis, r.index, r.id);
export const reportDocId = (analysis: string): string => sha1('report', analysis);
export const flagAlertId = (analysis: string, flag: string, r: RecordRef): string =>
  sha1(ANALYSIS_FAMILY, analysis, flag, r.index, r.id);

export interface ResultDocument {
  '@timestamp'?: string;
  kind: 'record';
  analysis: { name: string; run_id: string };
  event: { index: string; id: string };
  anomaly: RecordResult;
  /** `field=value` for each field the analysis read, so a dashboard can split scores by host, name… */
  values: string[];
}

export interface ReportDocument {
  '@timestamp': string;
  kind: 'report';
  analysis: { name: string; run_id: string };
  report: AnalysisReport;
}

/** Builds result documents; the field readers are compiled once per run. */
export function resultDocBuilder(
  def: AnalysisDefinition,
  fields: readonly string[],
  runId: string,
): (record: AnalysisRecord, ref: RecordRef, result: RecordResult) => ResultDocument {
  const readers = fields.slice(0, MAX_VALUES).map((f) => [f, fieldReader(f)] as const);
  const readTime = fieldReader(def.timestampField);
  return (record, ref, result) => {
    const values: string[] = [];
    for (const [name, read] of readers) {
      const v = textOf(read(record));
      if (v !== undefined) values.push(`${name}=${v.length > 256 ? v.slice(0, 256) : v}`);
    }
    const t = timeOf(readTime(record));
    return {
      ...(t !== undefined ? { '@timestamp': new Date(t).toISOString() } : {}),
      kind: 'record',
      analysis: { name: def.name, run_id: runId },
      event: { index: ref.index, id: ref.id },
      anomaly: { score: result.score, cluster: result.cluster, flags: [...result.flags], apart: [...result.apart] },
      values,
    };
  };
}

/** The field an alert is about: the flag's own entity, else the record's source address, else the record itself. */
function entityOf(spec: FlagSpec, explained: ExplainedRecord, ref: RecordRef): { field: string; value: string } {
  const field =
    spec.kind === 'beaconing'
      ? spec.source
      : spec.kind === 'rare_pair'
        ? spec.a
        : spec.kind === 'volume_spike'
          ? spec.entity
          : 'source.ip';
  const value = explained.fields[field];
  return value !== undefined ? { field, value } : { field: '_id', value: refOf(ref) };
}

export function flagAlert(
  def: AnalysisDefinition,
  spec: FlagSpec,
  explained: ExplainedRecord,
  ref: RecordRef,
  runId: string,
  now: number,
): FamilyAlertDocument<string, AnalysisFlagEvidence> {
  const id = flagAlertId(def.name, spec.name, ref);
  const t = timeOf(explained.fields[def.timestampField]);
  const entity = entityOf(spec, explained, ref);
  const others = explained.flags.filter((f) => f !== spec.name);
  const apart = explained.why?.features.slice(0, MAX_APART).map(apartText).join(', ');
  const message =
    `Analysis "${def.name}": ${spec.name} (${spec.severity}) on ${entity.field} ${entity.value}: ${spec.description}. ` +
    `Anomaly score ${explained.score} (1 ≈ the edge of a normal cluster), cluster ${explained.cluster}` +
    (apart ? `; apart from cluster ${explained.why!.cluster} on ${apart}` : '') +
    (others.length ? `; also flagged ${others.join(', ')}.` : '.');
  const ip = explained.fields['source.ip'];
  return {
    '@timestamp': new Date(t ?? now).toISOString(),
    event: alertEvent('threat', spec.severity, now),
    rule: {
      id: `analysis:${def.name}:${spec.name}`,
      name: spec.name,
      description: spec.description,
      ruleset: 'buffalogs',
    },
    message,
    ...(ip ? { source: { ip } } : {}),
    buffalogs: {
      alert_id: id,
      sort_key: alertSortKey(id),
      family: ANALYSIS_FAMILY,
      entity,
      severity: spec.severity,
      trigger: { event_id: ref.id, index: ref.index },
      filtered: false,
      filter_reasons: [],
      evidence: {
        kind: 'analysis_flag',
        analysis: def.name,
        run_id: runId,
        flag: { name: spec.name, kind: spec.kind, severity: spec.severity, description: spec.description },
        score: explained.score,
        cluster: explained.cluster,
        flags: [...explained.flags],
        values: explained.fields,
        features: explained.features,
        ...(explained.why ? { why: explained.why } : {}),
      },
      status: 'open',
    },
  };
}
