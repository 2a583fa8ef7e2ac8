/**
 * A family for tests only, to show the shape a new family takes and that the runner is generic: failed logins keyed
 * by source address, one alert the first time an address reaches `threshold` failures (its state remembers the
 * count, the event ids it has seen, and whether it alerted). Never registered in FAMILIES.
 */
import { createHash } from 'node:crypto';
import type { FamilyAlertDocument } from '../../../common/alert_document';
import { alertSortKey, SEVERITY_NUMBER } from '../../detection/alert_document';
import { familyStateIndex } from '../../storage';
import { keyedReader } from '../../runner/keyed_reader';
import { keyedStateStore, type KeyedStates } from '../../runner/keyed_state_store';
import type { DetectionFamily, DetectOutput } from '../family';

export interface FailedLogin {
  id: string;
  index: string;
  timestamp: number;
  ip: string;
  user?: string;
}

export interface SourceState {
  failures: number;
  alerted: boolean;
  /** Recent event ids, so a re-read window counts nothing twice (bounded). */
  seen: string[];
}

const MAX_SEEN = 64;

const isSourceState = (v: unknown): v is SourceState =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as SourceState).failures === 'number' &&
  Array.isArray((v as SourceState).seen);

function normalise(document: Record<string, unknown>, index = 'replay', id?: string): FailedLogin | undefined {
  const source = document.source as { ip?: unknown } | undefined;
  const event = document.event as { outcome?: unknown; id?: unknown } | undefined;
  const timestamp = Date.parse(String(document['@timestamp']));
  if (typeof source?.ip !== 'string' || event?.outcome !== 'failure' || !Number.isFinite(timestamp)) return undefined;
  const user = (document.user as { name?: unknown } | undefined)?.name;
  return { id: id ?? String(event.id), index, timestamp, ip: source.ip, ...(typeof user === 'string' ? { user } : {}) };
}

function judge(
  events: readonly FailedLogin[],
  states: ReadonlyMap<string, SourceState>,
  threshold: number,
  now: number,
): DetectOutput<SourceState> {
  const byIp = new Map<string, FailedLogin[]>();
  for (const e of events) byIp.set(e.ip, [...(byIp.get(e.ip) ?? []), e]);
  const alerts: FamilyAlertDocument[] = [];
  const out = new Map<string, SourceState>();
  for (const ip of [...byIp.keys()].sort()) {
    const state: SourceState = structuredClone(states.get(ip) ?? { failures: 0, alerted: false, seen: [] });
    const list = byIp.get(ip)!.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1));
    for (const e of list) {
      if (state.seen.includes(e.id)) continue;
      state.seen = [...state.seen, e.id].slice(-MAX_SEEN);
      state.failures++;
      if (!state.alerted && state.failures >= threshold) {
        state.alerted = true;
        const id = createHash('sha1')
          .update(`test_failed_logins\u0000${ip}\u0000${e.index}\u0000${e.id}`)
          .digest('hex');
        alerts.push({
          '@timestamp': new Date(e.timestamp).toISOString(),
          event: {
            kind: 'alert',
            category: ['authentication'],
            type: ['info'],
            risk_score: 47,
            severity: SEVERITY_NUMBER.medium,
            created: new Date(now).toISOString(),
          },
          rule: {
            id: 'test_failed_logins',
            name: 'Failed logins (test family)',
            description: 'Test only.',
            ruleset: 'buffalogs',
          },
          message: `${state.failures} failed logins from ${ip} (threshold ${threshold})`,
          source: { ip },
          buffalogs: {
            alert_id: id,
            sort_key: alertSortKey(id),
            family: 'test_failed_logins',
            entity: { field: 'source.ip', value: ip },
            severity: 'medium',
            trigger: { event_id: e.id, index: e.index },
            filtered: false,
            filter_reasons: [],
            evidence: { failures: state.failures, threshold },
            status: 'open',
          },
        });
      }
    }
    out.set(ip, state);
  }
  return { alerts, states: out, stats: { entities: out.size } };
}

export interface FailedLoginsSettings {
  indices: string[];
  threshold: number;
}

export const failedLoginsFamily: DetectionFamily<
  FailedLoginsSettings,
  FailedLogin,
  SourceState,
  KeyedStates<SourceState>
> = {
  id: 'test_failed_logins',
  title: 'Failed logins (test)',
  entityName: 'source',
  eventName: ['failed login', 'failed logins'],
  taskType: 'buffalogs:test_failed_logins',
  checkpointId: (partition, partitions) => `test_failed_logins:${partition}-of-${partitions}`,
  async open({ client, space, settings, retry }) {
    return {
      indices: settings.indices,
      query: (window) => ({
        bool: {
          filter: [
            { range: { '@timestamp': { gt: window.from, lte: window.to, format: 'epoch_millis' } } },
            { term: { 'event.outcome': 'failure' } },
          ],
        },
      }),
      reader: keyedReader({
        field: 'source.ip',
        sourceFields: ['@timestamp', 'event.outcome', 'event.id', 'source.ip', 'user.name'],
        normalize: (hit) => {
          const event = normalise(hit._source ?? {}, hit._index, hit._id);
          return event ? { ok: true, event } : { ok: false, code: 'not_a_failure' };
        },
      }),
      states: keyedStateStore<SourceState>(client, familyStateIndex('test_failed_logins', space), {
        family: 'test_failed_logins',
        field: 'source.ip',
        version: 1,
        isState: isSourceState,
        retry,
      }),
      detect: (events, loaded, now) => judge(events, loaded.states, settings.threshold, now),
    };
  },
  replay(documents, settings, now) {
    const events = documents.flatMap((d) => normalise(d) ?? []);
    return judge(events, new Map(), settings.threshold, now).alerts;
  },
  exampleSettings: () => ({ indices: ['logs-*'], threshold: 3 }),
  examples: [
    {
      name: 'three failures from one address alert once; two from another do not',
      documents: [1, 2, 3, 4]
        .map((n) => ({
          '@timestamp': `2024-05-01T08:0${n}:00.000Z`,
          event: { id: `f${n}`, outcome: 'failure' },
          source: { ip: '192.0.2.1' },
          user: { name: `user${n}` },
        }))
        .concat(
          [5, 6].map((n) => ({
            '@timestamp': `2024-05-01T08:0${n}:00.000Z`,
            event: { id: `f${n}`, outcome: 'failure' },
            source: { ip: '192.0.2.9' },
            user: { name: 'bob' },
          })),
        ),
      expect: ['test_failed_logins'],
    },
  ],
};
