/**
 * The sequence engine benchmarks' workload (scripts/bench_sequences.ts, scripts/bench_sequences_ab.ts): 20 rules and
 * N normalised events from a fixed seed over 30 days, cut into the passes the background task would feed the core.
 * Mostly logins and noise, with password, MFA, role and account events mixed in, so rules open windows on most users
 * and fire on some.
 *
 * A workload is made against one engine's modules (its `foldEventName`), and its objects are its own: an A/B run
 * makes one per version, so that neither version sees what the other wrote into an event.
 */
import type * as sources from '../server/families/sequence';
import type { SequenceEvent } from '../server/families/sequence';
import type { SequenceRuleInput } from '../server/families/sequence/rule';

export interface SequenceWorkloadOptions {
  events: number;
  users: number;
  passMs: number;
}

const NAMES = [
  'password reset',
  'password change',
  'mfa factor removed',
  'mfa factor added',
  'role granted',
  'login',
  'account created',
];

/** 6 built-in rules + 14 variations: every match type, both directions, chains. */
export function benchRules(core: Pick<typeof sources, 'BUILTIN_RULES' | 'validateRules'>) {
  const extra: SequenceRuleInput[] = [];
  for (let i = 0; i < 14; i++) {
    const match = (['any', 'all', 'one', 'none'] as const)[i % 4];
    extra.push({
      id: `sequence_bench_${i}`,
      name: `bench ${i}`,
      identifier: 'user.name',
      first: NAMES[i % NAMES.length],
      direction: i % 3 === 0 ? 'preceded_by' : 'followed_by',
      match,
      events: [NAMES[(i + 1) % NAMES.length], NAMES[(i + 2) % NAMES.length]],
      period: { when: 'before', duration: i % 2 ? '1h' : '1d' },
      time_frame: i % 2 ? '1h' : '1d',
      ...(match === 'any' && i % 5 === 0
        ? { secondary: { event: NAMES[(i + 3) % NAMES.length], when: 'before', duration: '1h' } }
        : {}),
    } as SequenceRuleInput);
  }
  const checked = core.validateRules([...core.BUILTIN_RULES, ...extra]);
  if (!checked.ok) throw new Error(checked.errors.join('\n'));
  return checked.rules;
}

const ACTIONS: Array<[string, number]> = [
  ['user.session.start', 0.45],
  ['noise.read', 0.3],
  ['user.account.update_password', 0.05],
  ['user.account.reset_password', 0.04],
  ['user.mfa.factor.deactivate', 0.03],
  ['user.mfa.factor.activate', 0.03],
  ['user.account.privilege.grant', 0.03],
  ['user.lifecycle.create', 0.03],
  ['otp_login', 0.04],
];
const START = Date.parse('2025-03-01T00:00:00Z');
const SPAN = 30 * 86_400_000;
const JITTER_MS = 120_000;
const PLAIN: readonly string[] = ['start'];
const NEW_COUNTRY: readonly string[] = ['start', 'buffalogs_new_country'];
const NO_CATEGORY: readonly string[] = [];

export interface SequencePass {
  events: SequenceEvent[];
  end: number;
}

/**
 * The passes in order: each the events whose @timestamp falls in its window (in the order they were written) and the
 * window's end, generated as they complete, so the heap holds the engine's state and one pass, as in the task.
 *
 * The engine keeps no reference to an event (it copies the fields it buffers), so the caller hands a pass's events
 * back (`recycle`) once the engine is done with them, and events share what they have in common (a user's keys, the
 * folded actions): generating the input makes next to no garbage, and the collector's time is the engine's own.
 */
export class SequenceWorkload {
  private seed = 42;
  private readonly spare: SequenceEvent[] = [];
  /**
   * A user's identifier values, as the engine the workload is made for reads them: fields and values side by side
   * (SequenceEvent.keyFields), or, for a base version older than that (bench:sequences:ab), a map (`keys`).
   */
  private readonly userKeys: Array<
    Pick<SequenceEvent, 'keyFields' | 'keyValues'> | { keys: ReadonlyMap<string, readonly string[]> }
  >;
  private readonly actionKeys: Map<string, string>;

  constructor(
    core: Pick<typeof sources, 'foldEventName'> & Partial<Pick<typeof sources, 'keyValuesOf'>>,
    readonly options: SequenceWorkloadOptions,
  ) {
    const fields: readonly string[] = ['user.name'];
    this.userKeys = Array.from({ length: options.users }, (_, u) =>
      core.keyValuesOf
        ? { keyFields: fields, keyValues: [[`user${u}`]] }
        : { keys: new Map([['user.name', [`user${u}`]]]) },
    );
    this.actionKeys = new Map(ACTIONS.map(([a]) => [a, core.foldEventName(a)]));
  }

  recycle(events: readonly SequenceEvent[]): void {
    for (const e of events) this.spare.push(e);
  }

  private random(): number {
    return (this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  }

  private makeEvent(i: number): SequenceEvent {
    const N = this.options.events;
    let r = this.random();
    let action = ACTIONS[0][0];
    for (const [a, p] of ACTIONS) {
      if ((r -= p) <= 0) {
        action = a;
        break;
      }
    }
    // Mostly in order, a few minutes of jitter.
    const t = START + Math.floor((i / N) * SPAN) - Math.floor(this.random() * JITTER_MS);
    const type = this.random() < 0.05 ? NEW_COUNTRY : PLAIN;
    const keys = this.userKeys[Math.floor(this.random() * this.options.users)];
    const e = this.spare.pop();
    // Every field in the literal (none spread in), so that the engine reads them from the object itself.
    if (!e)
      return 'keys' in keys
        ? ({
            id: `e${i}`,
            index: 'logs-bench',
            timestamp: t,
            action,
            actionKey: this.actionKeys.get(action)!,
            category: NO_CATEGORY,
            type,
            outcome: 'success',
            keys: keys.keys,
          } as unknown as SequenceEvent)
        : {
            id: `e${i}`,
            index: 'logs-bench',
            timestamp: t,
            action,
            actionKey: this.actionKeys.get(action)!,
            category: NO_CATEGORY,
            type,
            outcome: 'success',
            keyFields: keys.keyFields,
            keyValues: keys.keyValues,
          };
    e.id = `e${i}`;
    e.timestamp = t;
    e.action = action;
    e.actionKey = this.actionKeys.get(action)!;
    e.type = type;
    if ('keys' in keys) (e as unknown as { keys: typeof keys.keys }).keys = keys.keys;
    else {
      e.keyFields = keys.keyFields;
      e.keyValues = keys.keyValues;
    }
    return e;
  }

  *passes(): Generator<SequencePass> {
    const { events: N, passMs } = this.options;
    const pending = new Map<number, SequenceEvent[]>();
    let next = Math.floor((START - JITTER_MS - START) / passMs);
    const flushBefore = function* (t: number) {
      // A pass is complete once generation is past its end plus the jitter.
      for (; START + (next + 1) * passMs + JITTER_MS <= t; next++) {
        yield { events: pending.get(next) ?? [], end: START + (next + 1) * passMs };
        pending.delete(next);
      }
    };
    for (let i = 0; i < N; i++) {
      const e = this.makeEvent(i);
      const p = Math.floor((e.timestamp - START) / passMs);
      const list = pending.get(p);
      if (list) list.push(e);
      else pending.set(p, [e]);
      if (i % 1000 === 0) yield* flushBefore(START + Math.floor((i / N) * SPAN));
    }
    yield* flushBefore(START + SPAN + passMs + JITTER_MS);
  }

  /** The passes in batches of `size` (the benches time a batch at a time, so reading the clocks costs nothing). */
  *batches(size: number): Generator<SequencePass[]> {
    let batch: SequencePass[] = [];
    for (const pass of this.passes()) {
      batch.push(pass);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}
