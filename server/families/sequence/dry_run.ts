/**
 * The dry run: what a rule set would have flagged over the last days, without writing an alert or a state. Events
 * are read as a pass reads them (the family's query, a point in time, sliced pages), at most `maxEvents` of them,
 * and judged by the same engine with the whole range as one window closed at its end.
 */
import { PointInTime, readSliced, windowRange } from '../../ingest';
import type { EsClient } from '../../storage';
import type { SequenceAlertDocument } from '../../../common/sequence_alert_document';
import { runSequences } from './engine';
import { sequenceQuery } from './family';
import type { SequenceRule } from './rule';
import { identifierFields, normalizeSequenceEvent, type SequenceEvent } from './sequence_event';
import { emptySequenceState } from './state';

export interface DryRunResult {
  from: string;
  to: string;
  events: number;
  /** More events than `maxEvents` were in the range: the later ones were not judged. */
  truncated: boolean;
  rejected: number;
  total_alerts: number;
  /** The first `maxAlerts`, in the order they fired. */
  alerts: SequenceAlertDocument[];
  per_rule: Array<{ id: string; alerts: number; open: number; dropped_windows: number }>;
}

export async function dryRun(
  client: EsClient,
  options: {
    indices: readonly string[];
    rules: readonly SequenceRule[];
    from: number;
    to: number;
    maxEvents: number;
    maxAlerts: number;
    signal?: AbortSignal;
  },
): Promise<DryRunResult> {
  const rules = options.rules.filter((r) => r.enabled);
  const window = { from: options.from, to: options.to };
  const fields = identifierFields(rules);
  const events: SequenceEvent[] = [];
  let rejected = 0;
  let seen = 0;
  if (rules.length) {
    const pit = await PointInTime.open(client, options.indices, '1m', windowRange(window), options.signal);
    const stop = new AbortController();
    options.signal?.addEventListener('abort', () => stop.abort(options.signal?.reason), { once: true });
    try {
      await readSliced(
        pit,
        sequenceQuery(rules, window),
        {
          pageSize: 1000,
          slices: 1,
          sourceFields: ['@timestamp', 'event.*', ...fields],
          signal: stop.signal,
        },
        (page) => {
          for (const hit of page) {
            seen++;
            if (events.length >= options.maxEvents) {
              stop.abort(new Error('dry run: enough events'));
              return;
            }
            const r = normalizeSequenceEvent(hit, fields);
            if (r.ok) events.push(r.event);
            else rejected++;
          }
        },
      ).catch((error: unknown) => {
        if (!stop.signal.aborted || options.signal?.aborted) throw error;
      });
    } finally {
      await pit.close();
    }
  }
  events.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = runSequences({ rules, events, state: emptySequenceState(), watermark: options.to, now: options.to });
  return {
    from: new Date(options.from).toISOString(),
    to: new Date(options.to).toISOString(),
    events: events.length,
    truncated: seen > options.maxEvents,
    rejected,
    total_alerts: out.alerts.length,
    alerts: out.alerts.slice(0, options.maxAlerts),
    per_rule: [...out.stats.perRule].map(([id, s]) => ({
      id,
      alerts: s.alerts,
      open: s.open,
      dropped_windows: s.droppedWindows,
    })),
  };
}
