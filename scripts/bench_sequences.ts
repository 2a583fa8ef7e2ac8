/**
 * Sequence engine benchmark: N events (default 1,000,000) through the pure core with 20 rules, on one core, in
 * batches of 10,000 as the pass would feed it. Prints events/s (target ≥ 200,000) and peak heap against open windows.
 *
 *   npx tsx scripts/bench_sequences.ts [--events N] [--users U]
 *
 * Events are generated normalised (the core's input; normalisation of raw NDJSON is the CLI's cost and measured
 * separately as "normalise"), from a fixed seed, over 30 days: mostly logins and noise, with password, MFA, role and
 * account events mixed in, so rules open windows on most users and fire on some.
 */
import {
  BUILTIN_RULES,
  emptySequenceState,
  normalizeSequenceEvent,
  RuleIndex,
  runSequences,
  validateRules,
} from '../server/families/sequence';
import type { SequenceEvent } from '../server/families/sequence';
import type { SequenceRuleInput } from '../server/families/sequence/rule';
import { foldEventName } from '../server/families/sequence/event_names';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('--events', 1_000_000);
const USERS = arg('--users', 20_000);
const BATCH = 10_000;

// 6 built-in rules + 14 variations: every match type, both directions, chains.
const extra: SequenceRuleInput[] = [];
const names = [
  'password reset',
  'password change',
  'mfa factor removed',
  'mfa factor added',
  'role granted',
  'login',
  'account created',
];
for (let i = 0; i < 14; i++) {
  const match = (['any', 'all', 'one', 'none'] as const)[i % 4];
  extra.push({
    id: `sequence_bench_${i}`,
    name: `bench ${i}`,
    identifier: 'user.name',
    first: names[i % names.length],
    direction: i % 3 === 0 ? 'preceded_by' : 'followed_by',
    match,
    events: [names[(i + 1) % names.length], names[(i + 2) % names.length]],
    period: { when: 'before', duration: i % 2 ? '1h' : '1d' },
    time_frame: i % 2 ? '1h' : '1d',
    ...(match === 'any' && i % 5 === 0
      ? { secondary: { event: names[(i + 3) % names.length], when: 'before', duration: '1h' } }
      : {}),
  } as SequenceRuleInput);
}
const checked = validateRules([...BUILTIN_RULES, ...extra]);
if (!checked.ok) throw new Error(checked.errors.join('\n'));
const rules = checked.rules;

let seed = 42;
const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
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
const start = Date.parse('2025-03-01T00:00:00Z');
const span = 30 * 86_400_000;
const events: SequenceEvent[] = new Array(N);
for (let i = 0; i < N; i++) {
  let r = random();
  let action = ACTIONS[0][0];
  for (const [a, p] of ACTIONS) {
    if ((r -= p) <= 0) {
      action = a;
      break;
    }
  }
  // Mostly in order, a few minutes of jitter.
  const t = start + Math.floor((i / N) * span) - Math.floor(random() * 120_000);
  events[i] = {
    id: `e${i}`,
    index: 'logs-bench',
    timestamp: t,
    action,
    actionKey: foldEventName(action),
    category: [],
    type: random() < 0.05 ? ['start', 'buffalogs_new_country'] : ['start'],
    outcome: 'success',
    keys: new Map([['user.name', [`user${Math.floor(random() * USERS)}`]]]),
  };
}

const sampleDocs = Array.from({ length: 100_000 }, (_, i) => ({
  _id: `d${i}`,
  _source: {
    '@timestamp': '2025-03-01T10:00:00Z',
    event: { action: 'user.session.start', outcome: 'success' },
    user: { name: `user${i % 1000}` },
  },
}));
let t0 = process.hrtime.bigint();
for (const d of sampleDocs) normalizeSequenceEvent(d, ['user.name']);
const normaliseRate = sampleDocs.length / (Number(process.hrtime.bigint() - t0) / 1e9);

global.gc?.();
const baseHeap = process.memoryUsage().heapUsed;
let peakHeap = baseHeap;
let peakOpen = 0;
let alerts = 0;
let dropped = 0;
const state = emptySequenceState();
const index = new RuleIndex(rules);
t0 = process.hrtime.bigint();
for (let i = 0; i < N; i += BATCH) {
  const out = runSequences({ rules, events: events.slice(i, i + BATCH), state, index, lateness: 5 * 60_000 });
  alerts += out.alerts.length;
  for (const s of out.stats.perRule.values()) dropped += s.droppedWindows;
  peakOpen = Math.max(peakOpen, out.stats.openWindows);
  if ((i / BATCH) % 10 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MB`;
console.log(
  `sequence engine: ${N.toLocaleString('en')} events, ${rules.length} rules, ${USERS.toLocaleString('en')} users, batches of ${BATCH}`,
);
console.log(`  ${seconds.toFixed(2)} s → ${Math.round(N / seconds).toLocaleString('en')} events/s (target ≥ 200,000)`);
console.log(
  `  alerts ${alerts.toLocaleString('en')}, peak open windows ${peakOpen.toLocaleString('en')}, dropped windows ${dropped}`,
);
console.log(
  `  heap: ${mb(baseHeap)} before (the generated events), peak ${mb(peakHeap)} during (+${mb(peakHeap - baseHeap)} for state and garbage)`,
);
console.log(
  `  normalise (ECS hit → event, not in the figure above): ${Math.round(normaliseRate).toLocaleString('en')} events/s`,
);
