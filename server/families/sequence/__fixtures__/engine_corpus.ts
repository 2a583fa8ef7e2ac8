/**
 * A fixed corpus for the engine's differential test (engine_corpus.test.ts): seeded streams of calls that exercise
 * every path of the engine — all match types, both directions, chains, two identifier fields and multi-valued
 * identifiers, ECS constraints, aliases, duplicates (also re-used ids with another action), out-of-order and late
 * events, watermarks, the bounds (small limits), state restored between calls, and the rule list re-ordered or
 * shrunk between calls (state of rules not run in a call must be left alone).
 *
 * `scripts/record_sequence_corpus.ts` ran it through the engine as it was before the per-event rule lookup and
 * shared event records (commit 15's optimisation) and wrote what came out to `engine_corpus.json`; the test runs the
 * current engine and must get exactly that. Re-record only for an intended change of behaviour.
 */
import { createHash } from 'node:crypto';
import { runSequences, type SequenceLimits } from '../engine';
import { RuleIndex } from '../rule_index';
import type { SequenceRule, SequenceRuleInput } from '../rule';
import { ruleStateKey } from '../rule';
import { keysFrom, type SequenceEvent } from '../sequence_event';
import { emptySequenceState, restoreSequenceState, serializeSequenceState, type SequenceState } from '../state';
import { validateRules } from '../validate_rule';
import { foldEventName } from '../event_names';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2025-03-01T10:00:00Z');

const RULE_INPUTS: SequenceRuleInput[] = [
  { first: 'a', events: ['b', 'c'], match: 'any' },
  { first: 'a', events: ['b', 'c'], match: 'all', direction: 'preceded_by', time_frame: '2h' },
  { first: 'login', events: ['b', 'c'], match: 'one', period: { when: 'after', duration: '10m' }, time_frame: '1h' },
  { first: 'a', events: ['c'], match: 'none', period: { when: 'before', duration: '30m' } },
  {
    first: 'a',
    events: ['b'],
    time_frame: '2h',
    secondary: { event: 'c', when: 'after', duration: '5m' },
  },
  {
    first: 'b',
    events: ['a', 'login'],
    match: 'all',
    time_frame: '2h',
    secondary: { event: 'c', when: 'before', duration: '20m' },
  },
  { first: 'c', events: ['a', 'b'], match: 'none', direction: 'preceded_by', identifier: 'source.ip' },
  {
    first: { name: 'login', outcome: 'success' },
    events: [{ name: 'b', type: 'change' }, 'c'],
    match: 'any',
    identifier: 'source.ip',
    direction: 'preceded_by',
    period: { when: 'after', duration: '5m' },
    time_frame: '1h',
  },
  { first: 'b', events: ['b', 'login'], match: 'one', direction: 'preceded_by' },
  { first: 'login', events: ['a'], match: 'any', enabled: false },
].map(
  (r, i) =>
    ({
      id: `sequence_corpus_${i}`,
      name: `corpus ${i}`,
      identifier: 'user.name',
      direction: 'followed_by',
      match: 'any',
      period: { when: 'before', duration: '1h' },
      time_frame: '1h',
      ...r,
    }) as SequenceRuleInput,
);

export function corpusRules(): SequenceRule[] {
  const checked = validateRules(RULE_INPUTS);
  if (!checked.ok) throw new Error(checked.errors.join('\n'));
  return checked.rules;
}

export interface Scenario {
  seed: number;
  calls: number;
  users: number;
  limits?: Partial<SequenceLimits>;
  lateness: number;
  /** Serialise, JSON round trip and restore the state before every call. */
  restore: boolean;
  /** Pass a compiled index built once (as the task and the bench do) rather than one per call. */
  index: boolean;
  /** Run some calls with the rules in another order, or only some of them. */
  shuffleRules: boolean;
  /** Out-of-order spread of the events, ms. */
  jitter: number;
}

export const SCENARIOS: Scenario[] = [
  {
    seed: 1,
    calls: 60,
    users: 4,
    lateness: 5 * MIN,
    restore: false,
    index: true,
    shuffleRules: false,
    jitter: 10 * MIN,
  },
  {
    seed: 2,
    calls: 60,
    users: 3,
    lateness: 5 * MIN,
    restore: true,
    index: false,
    shuffleRules: false,
    jitter: 10 * MIN,
  },
  {
    seed: 3,
    calls: 60,
    users: 2,
    lateness: 10 * MIN,
    restore: false,
    index: true,
    shuffleRules: false,
    jitter: 5 * MIN,
    limits: { maxEventsPerTrack: 6, maxAnchorsPerTrack: 3, maxOpenWindows: 12 },
  },
  {
    seed: 4,
    calls: 60,
    users: 3,
    lateness: 5 * MIN,
    restore: true,
    index: true,
    shuffleRules: false,
    jitter: 5 * MIN,
    limits: { maxEventsPerTrack: 4, maxAnchorsPerTrack: 2, maxOpenWindows: 8 },
  },
  { seed: 5, calls: 60, users: 5, lateness: 0, restore: false, index: false, shuffleRules: true, jitter: 30 * MIN },
  {
    seed: 6,
    calls: 80,
    users: 8,
    lateness: 20 * MIN,
    restore: false,
    index: false,
    shuffleRules: true,
    jitter: 2 * MIN,
  },
  { seed: 7, calls: 40, users: 1, lateness: 5 * MIN, restore: false, index: true, shuffleRules: false, jitter: 0 },
  {
    seed: 8,
    calls: 60,
    users: 6,
    lateness: 5 * MIN,
    restore: true,
    index: false,
    shuffleRules: true,
    jitter: 15 * MIN,
  },
];

export interface CallRecord {
  /** Alert ids in the order emitted. */
  ids: string[];
  /** sha1 of the alert documents (JSON, in order). */
  documents: string;
  stats: {
    events: number;
    matched: number;
    late: number;
    duplicates: number;
    noIdentifier: number;
    alerts: number;
    openWindows: number;
    /** Per rule run: `<rule id> <alerts> <open> <dropped windows> <dropped events>`. */
    perRule: string[];
  };
  /** sha1 of the serialised state after the call. */
  state: string;
}

const ACTIONS = ['a', 'b', 'c', 'x', 'user.session.start', 'Successful login', 'LOGIN', 'b'];

/** Runs a scenario through the engine; what it returns is what the recording holds. */
export function runScenario(s: Scenario, rules: readonly SequenceRule[]): CallRecord[] {
  let seed = s.seed;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const keysCache = new Map<string, Pick<SequenceEvent, 'keyFields' | 'keyValues'>>();
  const ips = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];
  const users = Array.from({ length: s.users }, (_, i) => `u${i}`);
  const ids: string[] = [];
  const fullIndex = new RuleIndex(rules);
  let state: SequenceState = emptySequenceState();
  const keys = new Set(rules.map(ruleStateKey));
  let t = T0;
  const out: CallRecord[] = [];
  for (let c = 0; c < s.calls; c++) {
    const events: SequenceEvent[] = [];
    for (let k = Math.floor(random() * 14); k > 0; k--) {
      t += Math.floor(random() * 6 * MIN);
      const action = pick(ACTIONS);
      // Re-reads now and then: the same id (usually the same event, sometimes another action under it).
      let id: string;
      if (ids.length > 0 && random() < 0.12) id = pick(ids.slice(-30));
      else {
        id = `c${s.seed}-${c}-${k}`;
        ids.push(id);
      }
      const r = random();
      const userValues = r < 0.08 ? [] : r < 0.16 ? [pick(users), pick(users)] : [pick(users)];
      const ipValues = random() < 0.7 ? [pick(ips)] : [];
      const cacheKey = `${userValues.join(',')}|${ipValues.join(',')}`;
      let eventKeys = keysCache.get(cacheKey);
      if (!eventKeys) {
        const m = new Map<string, string[]>();
        if (userValues.length) m.set('user.name', [...new Set(userValues)]);
        if (ipValues.length) m.set('source.ip', ipValues);
        keysCache.set(cacheKey, (eventKeys = keysFrom(m)));
      }
      events.push({
        id,
        index: `logs-${c % 3}`,
        timestamp: t - Math.floor(random() * s.jitter),
        action,
        actionKey: foldEventName(action),
        category: random() < 0.5 ? ['authentication'] : [],
        type: random() < 0.5 ? ['change'] : ['start'],
        ...(random() < 0.8 ? { outcome: 'success' } : random() < 0.5 ? { outcome: 'failure' } : {}),
        ...eventKeys,
      });
    }
    const watermark = random() < 0.3 ? t + Math.floor(random() * HOUR) - 10 * MIN : undefined;
    let callRules: readonly SequenceRule[] = rules;
    let index: RuleIndex | undefined = s.index ? fullIndex : undefined;
    if (s.shuffleRules && c % 4 === 3) {
      callRules = random() < 0.5 ? [...rules].reverse() : rules.filter(() => random() < 0.6);
      index = undefined;
    }
    if (s.restore) {
      const back = restoreSequenceState(JSON.parse(JSON.stringify(serializeSequenceState(state))), keys);
      if (!back.ok) throw new Error(back.error);
      state = back.state;
    }
    const result = runSequences({
      rules: callRules,
      events,
      state,
      lateness: s.lateness,
      watermark,
      now: c % 5 === 0 ? t : undefined,
      limits: s.limits,
      index,
    });
    out.push({
      ids: result.alerts.map((a) => a.buffalogs.alert_id),
      documents: sha1(JSON.stringify(result.alerts)),
      stats: {
        events: result.stats.events,
        matched: result.stats.matched,
        late: result.stats.late,
        duplicates: result.stats.duplicates,
        noIdentifier: result.stats.noIdentifier,
        alerts: result.stats.alerts,
        openWindows: result.stats.openWindows,
        perRule: [...result.stats.perRule].map(
          ([id, st]) =>
            `${id.replace('sequence_corpus_', '')} ${st.alerts} ${st.open} ${st.droppedWindows} ${st.droppedEvents}`,
        ),
      },
      state: sha1(JSON.stringify(serializeSequenceState(state))),
    });
  }
  return out;
}

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');
