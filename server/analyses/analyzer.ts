/**
 * One analysis run, in two passes over the same records, with no I/O and no clock:
 *   1. `observe(record)` for every record: data-wide counts for the metrics that need them, the aggregation flags'
 *      tables, and a seeded reservoir sample (the only records held);
 *   2. `fit()`: features of the sample, the engine fitted on them, aggregation flags decided;
 *   3. `judge(record, ref)` for every record again, in any order the caller likes (the CLI keeps input order): score,
 *      nearest cluster and flags, while the report keeps the top outliers and examples of each flag.
 * Memory: the sample, the capped tables, the report's bounded lists; never the input.
 */
import type { AggregationFlag, Finding } from './aggregations';
import { beaconingFlag, rarePairFlag, volumeSpikeFlag } from './aggregations';
import { compileCondition, type RecordTest } from './conditions';
import type { AnalysisDefinition, Condition, FlagSpec, Severity } from './definition';
import type { AnomalyEngine, AnomalyModel, Judgement } from './engine';
import { compileFeature, resolveTypes, TABLE_CAP, vectorOf, type CompiledFeature, type FeatureValue } from './features';
import { ENGINES_BY_ID } from './kmedoids';
import { seededRandom } from './random';
import { fieldReader, textOf, type AnalysisRecord } from './record';

export interface RecordResult {
  score: number;
  cluster: number;
  flags: string[];
  /**
   * The features that set the record apart from the cluster its score is measured against, largest share of the
   * distance first, at most MAX_APART: what a results document and the CLI's line carry of `ScoreWhy`.
   */
  apart: string[];
}

/**
 * What sets a record apart: the normal cluster its score is measured against, the distance to that cluster's medoid
 * and the cluster's spread (score = distance ÷ spread), and the features where the record differs from the medoid,
 * with the record's value, the medoid's (the cluster's usual value) and the share of the distance each one makes.
 */
export interface ScoreWhy {
  cluster: number;
  distance: number;
  spread: number;
  /** Largest share first; a feature equal to the medoid's (share 0) is left out. */
  features: Array<{ name: string; value: FeatureValue; usual: FeatureValue; share: number }>;
}

export interface ExplainedRecord extends Omit<RecordResult, 'apart'> {
  /** Caller's reference to the record (line number, document id…). */
  ref: string;
  features: Record<string, FeatureValue>;
  fields: Record<string, string>;
  /** Absent when the model has no cluster to measure against (an empty sample). */
  why?: ScoreWhy;
}

export interface FlagReport {
  name: string;
  kind: FlagSpec['kind'];
  severity: Severity;
  description: string;
  records: number;
  findings: Finding[];
  examples: ExplainedRecord[];
}

export interface AnalysisReport {
  name: string;
  records: { observed: number; excluded: number; judged: number };
  engine: Record<string, number | string>;
  features: Array<{ name: string; type: string; weight: number; separationShare: number; capped: boolean }>;
  clusters: Array<{
    id: number;
    records: number;
    sampleShare: number;
    major: boolean;
    spread: number;
    medoid: Record<string, FeatureValue>;
  }>;
  topOutliers: ExplainedRecord[];
  flags: FlagReport[];
  notes: string[];
}

const MAX_FINDINGS = 100;
const MAX_EXAMPLES = 20;
/** The features a result names as setting it apart (`RecordResult.apart`, a flag alert's message). */
export const MAX_APART = 3;
/** `x` to `d` decimals; a number too large for x × 10^d (1e308) has none to round and is kept as it is, not Infinity. */
const round = (x: number, d = 3) => {
  const scaled = Math.round(x * 10 ** d);
  return Number.isFinite(scaled) ? scaled / 10 ** d : x;
};

export class Analyzer {
  private readonly features: CompiledFeature[];
  private readonly exclude: RecordTest[];
  private readonly recordFlags: Array<{ spec: FlagSpec; test: RecordTest }>;
  private readonly aggregations: Array<{ spec: FlagSpec; agg: AggregationFlag }>;
  private readonly explainFields: Array<[string, (r: AnalysisRecord) => unknown]>;
  private readonly sample: AnalysisRecord[] = [];
  private readonly rand: () => number;
  private readonly engine: AnomalyEngine;
  private model: AnomalyModel | undefined;
  private findings = new Map<string, Finding[]>();
  private readonly flagCounts = new Map<string, number>();
  private readonly flagExamples = new Map<string, ExplainedRecord[]>();
  private readonly clusterCounts = new Map<number, number>();
  private readonly top: ExplainedRecord[] = [];
  private observed = 0;
  private excluded = 0;
  private judged = 0;
  private readonly notes: string[] = [];

  constructor(
    private readonly def: AnalysisDefinition,
    engine?: AnomalyEngine,
  ) {
    this.engine = engine ?? ENGINES_BY_ID[def.engine.id];
    this.features = def.features.map((f) => compileFeature(f, def.timestampField));
    this.exclude = def.exclude.map(compileCondition);
    this.recordFlags = [];
    this.aggregations = [];
    for (const spec of def.flags) {
      if (spec.kind === 'record') this.recordFlags.push({ spec, test: compileCondition(spec.when) });
      else
        this.aggregations.push({
          spec,
          agg:
            spec.kind === 'beaconing'
              ? beaconingFlag(spec)
              : spec.kind === 'rare_pair'
                ? rarePairFlag(spec)
                : volumeSpikeFlag(spec),
        });
    }
    const fields = new Set<string>();
    for (const f of def.features) {
      fields.add(f.field);
      if (f.kind === 'metric' && f.params.of) fields.add(f.params.of);
    }
    for (const f of def.flags) {
      if (f.kind === 'beaconing') [f.source, f.destination, f.timestamp].forEach((x) => x && fields.add(x));
      if (f.kind === 'rare_pair') [f.a, f.b].forEach((x) => fields.add(x));
      if (f.kind === 'volume_spike') [f.entity, f.timestamp].forEach((x) => fields.add(x));
      if (f.kind === 'record') conditionFields(f.when, fields);
    }
    fields.add(def.timestampField);
    this.explainFields = [...fields].map((f) => [f, fieldReader(f)]);
    // The reservoir draws from its own stream, so changing the engine's use of randomness does not change the sample.
    this.rand = seededRandom(def.engine.seed ^ 0x5bd1e995);
  }

  /** Every field the analysis reads (features, flags, exclusions, time): what a reader must fetch of a record. */
  fieldsRead(): string[] {
    const fields = new Set(this.explainFields.map(([name]) => name));
    for (const c of this.def.exclude) conditionFields(c, fields);
    return [...fields];
  }

  /** A judged record with its features and values, as the report shows it (for callers that raise alerts). */
  explainJudged(record: AnalysisRecord, ref: string, result: RecordResult): ExplainedRecord {
    const vector = vectorOf(this.features, record);
    return this.explain(record, ref, result, vector, this.why(vector, this.model!.judge(vector)));
  }

  private isExcluded(r: AnalysisRecord): boolean {
    return this.exclude.some((t) => t(r));
  }

  /** Pass 1. */
  observe(record: AnalysisRecord): void {
    if (this.model) throw new Error('observe() after fit()');
    if (this.isExcluded(record)) {
      this.excluded++;
      return;
    }
    const i = this.observed++;
    for (const f of this.features) if (f.needsData) f.observe(record);
    for (const { agg } of this.aggregations) agg.observe(record);
    // Reservoir sampling (algorithm R): every record has the same chance to be in the sample.
    const size = this.def.engine.sampleSize;
    if (i < size) this.sample.push(record);
    else {
      const j = Math.floor(this.rand() * (i + 1));
      if (j < size) this.sample[j] = record;
    }
  }

  fit(): void {
    resolveTypes(this.features, this.sample);
    const vectors = this.sample.map((r) => vectorOf(this.features, r));
    this.model = this.engine.fit(
      vectors,
      {
        types: this.features.map((f) => (f.type === 'numeric' ? 'numeric' : 'categorical')),
        weights: this.features.map((f) => f.weight),
      },
      this.def.engine,
    );
    for (const { spec, agg } of this.aggregations) {
      this.findings.set(spec.name, agg.finish());
      if (agg.dropped())
        this.notes.push(`${spec.name}: ${agg.dropped()} records past the flag's memory caps were not counted`);
    }
    this.sample.length = 0;
  }

  /** Pass 2: one record's judgement; `undefined` for an excluded record. */
  judge(record: AnalysisRecord, ref: string): RecordResult | undefined {
    const model = this.model;
    if (!model) throw new Error('judge() before fit()');
    if (this.isExcluded(record)) return undefined;
    this.judged++;
    const vector = vectorOf(this.features, record);
    const j = model.judge(vector);
    const flags: string[] = [];
    for (const { spec, test } of this.recordFlags) if (test(record)) flags.push(spec.name);
    for (const { spec, agg } of this.aggregations) if (agg.matches(record)) flags.push(spec.name);
    const why = this.why(vector, j);
    const apart = why ? why.features.slice(0, MAX_APART).map((f) => f.name) : [];
    const result = { score: round(j.score), cluster: j.cluster, flags, apart };
    this.clusterCounts.set(j.cluster, (this.clusterCounts.get(j.cluster) ?? 0) + 1);

    const limit = this.def.engine.topOutliers;
    const entersTop = this.top.length < limit || result.score > this.top[this.top.length - 1].score;
    const needsExample = flags.some((f) => (this.flagExamples.get(f)?.length ?? 0) < MAX_EXAMPLES);
    for (const f of flags) this.flagCounts.set(f, (this.flagCounts.get(f) ?? 0) + 1);
    if (entersTop || needsExample) {
      const explained = this.explain(record, ref, result, vector, why);
      if (entersTop) {
        // Sorted insert, highest first; ties keep the earlier record first.
        let at = this.top.length;
        while (at > 0 && this.top[at - 1].score < result.score) at--;
        this.top.splice(at, 0, explained);
        if (this.top.length > limit) this.top.pop();
      }
      for (const f of flags) {
        const list = this.flagExamples.get(f) ?? [];
        if (list.length < MAX_EXAMPLES) list.push(explained);
        this.flagExamples.set(f, list);
      }
    }
    return result;
  }

  private explain(
    record: AnalysisRecord,
    ref: string,
    r: RecordResult,
    vector: FeatureValue[],
    why: ScoreWhy | undefined,
  ): ExplainedRecord {
    const features: Record<string, FeatureValue> = {};
    this.features.forEach(
      (f, i) => (features[f.name] = typeof vector[i] === 'number' ? round(vector[i] as number) : vector[i]),
    );
    const fields: Record<string, string> = {};
    for (const [name, read] of this.explainFields) {
      const v = textOf(read(record));
      if (v !== undefined) fields[name] = v.length > 256 ? `${v.slice(0, 256)}…` : v;
    }
    const { score, cluster, flags } = r;
    return { ref, score, cluster, flags: [...flags], features, fields, ...(why ? { why } : {}) };
  }

  private why(vector: FeatureValue[], judgement: Judgement): ScoreWhy | undefined {
    const reason = this.model?.explain(vector, judgement);
    if (!reason) return undefined;
    const medoid = this.model!.clusters().find((c) => c.id === reason.cluster)!.medoid;
    const shown = (v: FeatureValue) => (typeof v === 'number' ? round(v) : v);
    const features = this.features
      .map((f, i) => ({
        name: f.name,
        value: shown(vector[i]),
        usual: shown(medoid[i]),
        share: round(reason.shares[i]),
      }))
      .filter((f) => f.share > 0)
      .sort((a, b) => b.share - a.share);
    return { cluster: reason.cluster, distance: round(reason.distance), spread: round(reason.spread), features };
  }

  report(): AnalysisReport {
    const model = this.model;
    if (!model) throw new Error('report() before fit()');
    const separation = model.featureSeparation();
    const named = (vector: FeatureValue[]) =>
      Object.fromEntries(
        this.features.map((f, i) => [f.name, typeof vector[i] === 'number' ? round(vector[i] as number) : vector[i]]),
      );
    return {
      name: this.def.name,
      records: { observed: this.observed, excluded: this.excluded, judged: this.judged },
      engine: model.diagnostics(),
      features: this.features.map((f, i) => ({
        name: f.name,
        type: f.type,
        weight: f.weight,
        separationShare: round(separation[i]),
        capped: f.capped(),
      })),
      clusters: model.clusters().map((c) => ({
        id: c.id,
        records: this.clusterCounts.get(c.id) ?? 0,
        sampleShare: round(c.share),
        major: c.major,
        spread: round(c.spread),
        medoid: named(c.medoid),
      })),
      topOutliers: [...this.top],
      flags: this.def.flags.map((spec) => ({
        name: spec.name,
        kind: spec.kind,
        severity: spec.severity,
        description: spec.description,
        records: this.flagCounts.get(spec.name) ?? 0,
        findings: (this.findings.get(spec.name) ?? []).slice(0, MAX_FINDINGS),
        examples: this.flagExamples.get(spec.name) ?? [],
      })),
      notes: [
        ...this.notes,
        ...this.features
          .filter((f) => f.capped())
          .map((f) => `${f.name}: its table reached ${TABLE_CAP} distinct keys; later ones read as unseen`),
      ],
    };
  }
}

function conditionFields(c: Condition, out: Set<string>): void {
  if ('all' in c) c.all.forEach((x) => conditionFields(x, out));
  else if ('any' in c) c.any.forEach((x) => conditionFields(x, out));
  else if ('not' in c) conditionFields(c.not, out);
  else out.add(c.field);
}
