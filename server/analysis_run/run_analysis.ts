/**
 * Runs a saved analysis over Elasticsearch: the Kibana-side adapter of the pure core (server/analyses/).
 *
 * One point in time is opened on the analysis's index pattern, so both passes the core needs read the same snapshot
 * (new documents arriving meanwhile are in neither). Pass 1 observes every record (counts, flag tables, the seeded
 * sample); the core then fits; pass 2 judges every record and writes its result document, page by page (each page's
 * writes finish before the next page but one is fetched: memory holds a page, the sample and the core's capped
 * tables, never the input). Then the report document, the alerts of high-severity flags, and the removal of results
 * from earlier runs of records this run no longer read.
 *
 * One slice only: the sample is drawn in reading order, and `_shard_doc` order in one slice is the same on every read
 * of a snapshot, so both passes see records in the same order and the same data and seed give the same report.
 */
import type { AnalysisDefinition, AnalysisReport } from '../analyses';
import { Analyzer } from '../analyses';
import type { AnalysisRecord } from '../analyses/record';
import { PointInTime } from '../ingest/point_in_time';
import { readSliced, type Hit } from '../ingest/sliced_read';
import {
  ALERTS_TEMPLATE,
  DEADLETTER_TEMPLATE,
  analysisResultsIndex,
  bulkWrite,
  ensureIndexFromTemplate,
  pluginIndices,
  throwIfAborted,
  writeAlerts,
  type BulkDoc,
  type EsClient,
  type RetryPolicy,
} from '../storage';
import { ANALYSIS_RESULTS_TEMPLATE } from '../storage/templates';
import {
  ALERTING_SEVERITIES,
  flagAlert,
  refOf,
  reportDocId,
  resultDocBuilder,
  resultDocId,
  type RecordRef,
} from './results';
import { sourceQuery, timeRangeClause } from './source_query';

export type AnalysisPhase = 'counting' | 'observing' | 'fitting' | 'judging' | 'writing' | 'done';

export interface AnalysisProgress {
  phase: AnalysisPhase;
  /** Records in the snapshot that match the analysis (both passes read each once). */
  total: number;
  /** Records read so far, over both passes (0 … 2 × total). */
  read: number;
  /** Estimated from the reading rate so far; absent until there is one. */
  msLeft?: number;
}

export interface RunAnalysisOptions {
  client: EsClient;
  space: string;
  definition: AnalysisDefinition;
  runId: string;
  /** Epoch ms; the caller's clock (alerts' `event.created`, the report's time). */
  now: () => number;
  signal?: AbortSignal;
  pageSize?: number;
  pitKeepAlive?: string;
  retry?: RetryPolicy;
  /** Alerts raised per flag at most (the rest are counted in the report's notes). */
  maxAlertsPerFlag?: number;
  onProgress?: (progress: AnalysisProgress) => void;
}

export interface AnalysisRunResult {
  runId: string;
  report: AnalysisReport;
  resultsIndex: string;
  resultsWritten: number;
  alertsWritten: number;
  alertsExisting: number;
  staleResultsDeleted: number;
}

const DEFAULT_RETRY: RetryPolicy = { maxRetries: 5, baseDelayMs: 250, maxDelayMs: 10_000 };

export async function runAnalysis(options: RunAnalysisOptions): Promise<AnalysisRunResult> {
  const { client, space, definition: def, runId, signal } = options;
  if (!def.indexPattern) throw new Error(`Analysis "${def.name}" has no indexPattern to read`);
  const pageSize = options.pageSize ?? 1000;
  const retry = options.retry ?? DEFAULT_RETRY;
  const maxAlertsPerFlag = options.maxAlertsPerFlag ?? 500;
  const resultsIndex = analysisResultsIndex(space);
  const { alerts: alertsIndex, deadletter: deadLetterIndex } = pluginIndices(space);
  const analyzer = new Analyzer(def);
  const fields = analyzer.fieldsRead();
  const query = sourceQuery(def);
  const startedAt = options.now();

  let total = 0;
  let read = 0;
  const report = (phase: AnalysisPhase): void => {
    const elapsed = options.now() - startedAt;
    const remaining = 2 * total - read;
    const msLeft = read > 0 && phase !== 'done' ? Math.round((elapsed / read) * remaining) : undefined;
    options.onProgress?.({ phase, total, read, ...(msLeft !== undefined ? { msLeft } : {}) });
  };

  await ensureIndexFromTemplate(client, resultsIndex, ANALYSIS_RESULTS_TEMPLATE, signal);
  await ensureIndexFromTemplate(client, alertsIndex, ALERTS_TEMPLATE, signal);
  await ensureIndexFromTemplate(client, deadLetterIndex, DEADLETTER_TEMPLATE, signal);
  const pit = await PointInTime.open(
    client,
    def.indexPattern.split(','),
    options.pitKeepAlive ?? '5m',
    timeRangeClause(def) ?? { match_all: {} },
    signal,
  );
  try {
    report('counting');
    total = await pit.count(query, signal);
    const readOptions = { pageSize, slices: 1, sourceFields: fields, signal };
    const recordOf = (hit: Hit): AnalysisRecord => (hit._source ?? {}) as AnalysisRecord;

    report('observing');
    await readSliced(pit, query, readOptions, (hits) => {
      for (const hit of hits) analyzer.observe(recordOf(hit));
      read += hits.length;
      report('observing');
    });

    report('fitting');
    throwIfAborted(signal);
    analyzer.fit();

    report('judging');
    const buildDoc = resultDocBuilder(def, fields, runId);
    const alertingFlags = new Map(
      def.flags.filter((f) => ALERTING_SEVERITIES.includes(f.severity)).map((f) => [f.name, f] as const),
    );
    const alertsPerFlag = new Map<string, number>();
    let alertsSkipped = 0;
    let resultsWritten = 0;
    let alertsWritten = 0;
    let alertsExisting = 0;
    await readSliced(pit, query, readOptions, async (hits) => {
      const docs: BulkDoc[] = [];
      const alerts = [];
      for (const hit of hits) {
        const record = recordOf(hit);
        const ref: RecordRef = { index: hit._index, id: hit._id ?? '' };
        const result = analyzer.judge(record, refOf(ref));
        if (!result) continue;
        docs.push({
          action: 'index',
          index: resultsIndex,
          id: resultDocId(def.name, ref),
          doc: buildDoc(record, ref, result),
        });
        for (const flag of result.flags) {
          const spec = alertingFlags.get(flag);
          if (!spec) continue;
          const n = alertsPerFlag.get(flag) ?? 0;
          if (n >= maxAlertsPerFlag) {
            alertsSkipped++;
            continue;
          }
          alertsPerFlag.set(flag, n + 1);
          const explained = analyzer.explainJudged(record, refOf(ref), result);
          alerts.push(flagAlert(def, spec, explained, ref, runId, options.now()));
        }
      }
      read += hits.length;
      if (docs.length) resultsWritten += (await bulkWrite(client, docs, retry, signal)).written;
      if (alerts.length) {
        // An alert Elasticsearch refuses for its content is set aside where the detection passes keep theirs (its dead
        // letter was written into the alerts index itself, a document among the alerts that is none).
        const written = await writeAlerts(client, alertsIndex, alerts, retry, signal, {
          index: deadLetterIndex,
          now: options.now(),
        });
        alertsWritten += written.written;
        alertsExisting += written.existing;
      }
      report('judging');
    });

    report('writing');
    const analysisReport = analyzer.report();
    if (alertsSkipped > 0)
      analysisReport.notes.push(
        `${alertsSkipped} flagged records past ${maxAlertsPerFlag} alerts per flag raised no alert (their results carry the flag)`,
      );
    await bulkWrite(
      client,
      [
        {
          action: 'index',
          index: resultsIndex,
          id: reportDocId(def.name),
          doc: {
            '@timestamp': new Date(options.now()).toISOString(),
            kind: 'report',
            analysis: { name: def.name, run_id: runId },
            report: analysisReport,
          },
        },
      ],
      retry,
      signal,
    );
    const staleResultsDeleted = await deleteStaleResults(client, resultsIndex, def.name, runId, signal);
    report('done');
    return {
      runId,
      report: analysisReport,
      resultsIndex,
      resultsWritten,
      alertsWritten,
      alertsExisting,
      staleResultsDeleted,
    };
  } finally {
    await pit.close();
  }
}

/**
 * Removes results of this analysis that an earlier run wrote for records this run did not read (outside a new time
 * range, deleted since). Page by page (search, then bulk delete by id) rather than `_delete_by_query`, which needs the
 * reindex module that not every cluster loads.
 */
async function deleteStaleResults(
  client: EsClient,
  index: string,
  name: string,
  runId: string,
  signal?: AbortSignal,
): Promise<number> {
  const query = {
    bool: { filter: [{ term: { 'analysis.name': name } }], must_not: [{ term: { 'analysis.run_id': runId } }] },
  };
  let deleted = 0;
  for (;;) {
    throwIfAborted(signal);
    await client.indices.refresh({ index }, { signal });
    const page = await client.search({ index, size: 1000, query, _source: false }, { signal });
    const ids = page.hits.hits.flatMap((h) => (h._id ? [h._id] : []));
    if (ids.length === 0) return deleted;
    const res = await client.bulk(
      { operations: ids.map((id) => ({ delete: { _index: index, _id: id } })) },
      { signal },
    );
    for (const item of res.items) {
      const status = item.delete?.status ?? 500;
      if (status !== 200 && status !== 404)
        throw new Error(`Could not delete a stale result: ${JSON.stringify(item.delete?.error)}`);
      if (status === 200) deleted++;
    }
  }
}
