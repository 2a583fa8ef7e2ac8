import { BUILTIN_RULES } from './builtin_rules';
import { parseDuration } from './duration';
import { runSequences } from './engine';
import { EVENT_ALIASES, foldEventName } from './event_names';
import { importPorlockRule, rulesFromDocument } from './porlock_import';
import { RuleIndex } from './rule_index';
import { effectiveRules } from './rules_store';
import { emptySequenceState } from './state';
import { DAY, ev, HOUR, MIN, T0 } from './test_support';
import { validateRule, validateRules } from './validate_rule';

const PORLOCK_README = [
  'Password Change After OTP Login',
  'otp login',
  'followed by',
  'any',
  ['password change'],
  'after',
  '2d',
  'user',
  ['password change'],
  'before',
  '1h',
  '14d',
  '30d',
];

describe('durations', () => {
  test.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });
  test.each(['', '0m', '1x', 'h', '1.5h', '-1h', '367d', '1'.repeat(100000) + 'h', 'NaNh'])('refuses %j', (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });
  test('linear on a hostile string', () => {
    const started = Date.now();
    for (let i = 0; i < 1000; i++) parseDuration('9'.repeat(10_000) + '!');
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('validation names the field', () => {
  const good = {
    id: 'sequence_x',
    name: 'x',
    identifier: 'user.name',
    first: 'a',
    direction: 'followed_by',
    match: 'any',
    events: ['b'],
    period: { when: 'before', duration: '1h' },
    time_frame: '1h',
  };
  test('a good rule passes with defaults', () => {
    const r = validateRule(good);
    expect(r.ok && [r.rule.enabled, r.rule.version, r.rule.severity]).toEqual([true, 1, 'medium']);
  });
  test.each([
    [{ period: { when: 'soon', duration: '1h' } }, '[rules.0.period.when]'],
    [{ period: { when: 'after', duration: '2h' } }, '[rules.0.period]'],
    [{ time_frame: '1y' }, '[rules.0.time_frame]'],
    [{ id: 'custom' }, '[rules.0.id]'],
    [{ identifier: 'user.__proto__' }, '[rules.0.identifier]'],
    [{ identifier: 'user name' }, '[rules.0.identifier]'],
    [{ events: Array.from({ length: 21 }, (_, i) => `e${i}`) }, '[rules.0.events]'],
    [{ events: ['b', 'b'] }, '[rules.0.events.1]'],
    [{ match: 'one' }, '[rules.0.match]'],
    [{ match: 'none', secondary: { event: 'c', when: 'before', duration: '1m' } }, '[rules.0.secondary]'],
    [{ name: 'n'.repeat(201) }, '[rules.0.name]'],
    [{ first: { name: 'a', colour: 'red' } }, '[rules.0.first.colour]'],
    [JSON.parse('{"__proto__": {"polluted": true}}'), '[rules.0.__proto__]'],
  ])('%j → %s', (patch, field) => {
    const r = validateRules([{ ...good, ...patch }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toContain(`${field}:`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  test('duplicate ids and oversized lists', () => {
    const dup = validateRules([good, good]);
    expect(!dup.ok && dup.errors[0]).toContain('[rules.1.id]');
    const many = validateRules(Array.from({ length: 201 }, () => good));
    expect(!many.ok && many.errors[0]).toContain('at most 200');
  });
});

describe('porlock import', () => {
  test('the README 13-element list: the extra element is the name, in first position', () => {
    const r = importPorlockRule(PORLOCK_README);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rule).toMatchObject({
      id: 'sequence_password_change_after_otp_login',
      name: 'Password Change After OTP Login',
      identifier: 'user.name',
      first: 'otp login',
      direction: 'followed_by',
      match: 'any',
      events: ['password change'],
      period: { when: 'after', duration: '2d' },
      secondary: { event: 'password change', when: 'before', duration: '1h' },
      time_frame: '14d',
    });
    expect(r.notes.join('\n')).toMatch(/log time frame "30d" not kept/);
    expect(validateRule(r.rule).ok).toBe(true);
  });
  test('the 12 elements porlock code takes (no name) get a generated name', () => {
    const r = importPorlockRule(PORLOCK_README.slice(1));
    expect(r.ok && r.rule.name).toBe('otp login followed by any of password change');
  });
  test('a name longer than a rule holds is cut, and the import says so', () => {
    const long = `Password Change ${'x'.repeat(300)}`;
    const r = importPorlockRule([long, ...PORLOCK_README.slice(1)]);
    expect(r.ok && r.rule.name).toBe(long.slice(0, 200));
    expect(r.ok && r.notes).toContain("name cut to its first 200 of 316 characters (a rule's name holds at most 200)");
    const short = importPorlockRule(PORLOCK_README);
    expect(short.ok && short.notes.join('\n')).not.toMatch(/name cut/);
  });
  test('bad lists name the element', () => {
    expect(importPorlockRule(['x'])).toMatchObject({ ok: false });
    const r = importPorlockRule([
      'n',
      'otp login',
      'followed soon',
      'any',
      ['a'],
      'after',
      '2d',
      'user',
      [],
      null,
      null,
      '14d',
      '30d',
    ]);
    expect(!r.ok && r.errors[0]).toContain('[rule.2]');
  });
  test('the log time frame is a duration or nothing: a deeply nested value is refused (it made the import a 500)', () => {
    // The one element read only to be quoted: JSON.stringify of 200,000 nested lists overflowed the stack.
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const r = importPorlockRule([...PORLOCK_README.slice(0, 12), deep]);
    expect(r).toEqual({ ok: false, errors: [expect.stringContaining('[rule.12]')] });
    expect(importPorlockRule([...PORLOCK_README.slice(0, 12), { days: 30 }]).ok).toBe(false);
    expect(importPorlockRule([...PORLOCK_README.slice(0, 12), null]).ok).toBe(true);
  });
  test('the name of a 13-element list must be text: a number made the import a 500 (list[0].trim)', () => {
    const doc = rulesFromDocument({ rules: [[5, ...PORLOCK_README.slice(1)]] });
    expect(doc).toEqual({ ok: false, errors: [expect.stringContaining('[rules.0.0]')] });
  });
  test('a rules document holds its rules alone: another key is an error naming it, not silently dropped', () => {
    // A copy of GET /api/buffalogs/sequence_rules (rules, builtin_disabled, effective…) imported its own rules and
    // dropped the rest without a word: the built-ins it disabled stayed on.
    const doc = rulesFromDocument({ rules: [BUILTIN_RULES[1]], builtin_disabled: [BUILTIN_RULES[0].id], version: 3 });
    expect(doc).toEqual({
      ok: false,
      errors: [
        expect.stringMatching(/^\[builtin_disabled\]: is not part of a rules document/),
        expect.stringMatching(/^\[version\]: is not part of a rules document/),
      ],
    });
    expect(rulesFromDocument({ rules: [BUILTIN_RULES[1]] }).ok).toBe(true);
  });
  test('a rules file may hold porlock lists and our rules together', () => {
    const doc = rulesFromDocument({ rules: [PORLOCK_README, BUILTIN_RULES[1]] });
    expect(doc.ok && validateRules(doc.inputs).ok).toBe(true);
  });
  test('the imported README rule fires on the README events (otp_login vs "otp login" folded alike)', () => {
    const imported = importPorlockRule(PORLOCK_README);
    const v = imported.ok ? validateRule(imported.rule) : undefined;
    if (!v?.ok) throw new Error('import failed');
    const events = [
      ev('otp_login', T0),
      ev('password_change', T0 + 20 * MIN),
      ev('password_change', T0 + 5 * DAY),
      ev('password_change', T0 + 5 * DAY + 30 * MIN),
    ];
    expect(runSequences({ rules: [v.rule], events, state: emptySequenceState() }).alerts).toHaveLength(1);
  });
});

describe("porlock's scenario with the built-in rule", () => {
  const checked = validateRules(BUILTIN_RULES);
  if (!checked.ok) throw new Error(checked.errors.join('\n'));
  const otp = checked.rules.find((r) => r.id === 'sequence_porlock_otp_password_change')!;
  const fire = (events: ReturnType<typeof ev>[]) =>
    runSequences({ rules: [otp], events, state: emptySequenceState() }).alerts;
  // Day 0: help-desk token login, the required password change two minutes later. Day 6, new address: reset + change.
  const story = () => [
    ev('otp login', T0),
    ev('user.account.update_password', T0 + 2 * MIN),
    ev('user.account.reset_password', T0 + 6 * DAY),
    ev('user.account.update_password', T0 + 6 * DAY + 5 * MIN),
  ];

  test('fires, and the alert explains itself', () => {
    const alerts = fire(story());
    expect(alerts).toHaveLength(1);
    const a = alerts[0];
    expect(a.rule.id).toMatch(/^sequence/);
    expect(a.buffalogs.entity).toEqual({ field: 'user.name', value: 'alice' });
    expect(a.buffalogs.evidence.events.map((e) => e.action)).toEqual([
      'otp login',
      'user.account.reset_password',
      'user.account.update_password',
      'user.account.update_password',
    ]);
    expect(a.message).toContain(
      'otp login at 2025-03-01T10:00:00.000Z was followed by password reset and password change',
    );
  });
  test.each([
    ['only the required change', () => story().slice(0, 2)],
    [
      'reset and change after the 14-day frame',
      () => [ev('otp login', T0), ev('password reset', T0 + 15 * DAY), ev('password change', T0 + 15 * DAY + MIN)],
    ],
    [
      'reset and change within 2 days',
      () => [ev('otp login', T0), ev('password reset', T0 + DAY), ev('password change', T0 + DAY + MIN)],
    ],
    [
      'reset without a change within the hour',
      () => [ev('otp login', T0), ev('password reset', T0 + 6 * DAY), ev('password change', T0 + 6 * DAY + 2 * HOUR)],
    ],
    [
      'another user',
      () => [ev('otp login', T0, 'bob'), ev('password reset', T0 + 6 * DAY), ev('password change', T0 + 6 * DAY + MIN)],
    ],
  ])('does not fire: %s', (_, events) => {
    expect(fire(events())).toHaveLength(0);
  });
});

describe('built-in pack and alias table', () => {
  test('every built-in rule validates and has a reason', () => {
    const r = validateRules(BUILTIN_RULES);
    expect(r.ok).toBe(true);
    for (const rule of BUILTIN_RULES) expect((rule.reason ?? '').length).toBeGreaterThan(40);
  });
  test('aliases are disjoint (one value, one name) and verified values cite a fixture', () => {
    const owner = new Map<string, string>();
    for (const [name, values] of EVENT_ALIASES) {
      for (const v of values) {
        const k = foldEventName(v.value);
        expect(owner.get(k) ?? name).toBe(name);
        owner.set(k, name);
        if (v.verified) expect(v.fixture).toMatch(/^packages\/[a-z0-9_]+\/data_stream\/.+\/_dev\/test\/pipeline\//);
      }
    }
  });
  test('one rule matches every source: Okta, Google Workspace and Linux password changes', () => {
    const r = validateRules([
      { ...BUILTIN_RULES[1], first: 'password change', events: ['password change'], id: 'sequence_pc' },
    ]);
    if (!r.ok) throw new Error(r.errors.join());
    const events = [
      ev('user.account.update_password', T0),
      ev('password_edit', T0 + MIN),
      ev('password-changed', T0 + 2 * MIN),
    ];
    expect(runSequences({ rules: r.rules, events, state: emptySequenceState() }).alerts).toHaveLength(2);
  });
  test('event constraints: the new-country login rule needs the enrichment marker', () => {
    const r = validateRules(BUILTIN_RULES);
    if (!r.ok) throw new Error();
    const rule = r.rules.find((x) => x.id === 'sequence_mfa_removed_after_new_country_login')!;
    const plain = [ev('user.session.start', T0), ev('2sv_disable', T0 + HOUR)];
    expect(runSequences({ rules: [rule], events: plain, state: emptySequenceState() }).alerts).toHaveLength(0);
    const marked = [
      ev('user.session.start', T0, 'alice', { event: { type: ['start', 'buffalogs_new_country'] } }),
      ev('2sv_disable', T0 + HOUR),
    ];
    expect(runSequences({ rules: [rule], events: marked, state: emptySequenceState() }).alerts).toHaveLength(1);
  });
  test('the index names an event by its folded action, whether or not its constraints hold', () => {
    const r = validateRules(BUILTIN_RULES);
    if (!r.ok) throw new Error();
    const index = new RuleIndex(r.rules.filter((x) => x.id === 'sequence_mfa_removed_after_new_country_login'));
    // A plain login is named (the rule's first step is a login) though the rule needs the new-country marker.
    expect(index.names(ev('user.session.start', T0))).toBe(true);
    expect(index.collect(ev('user.session.start', T0))).toBe(0);
    expect(index.names(ev('2sv_disable', T0))).toBe(true);
    expect(index.names(ev('user.account.update_password', T0))).toBe(false);
  });
});

describe('stored rules read back', () => {
  test("one stored rule this version refuses is reported and skipped; the space's other rules still run", () => {
    const good = { ...BUILTIN_RULES[1], id: 'sequence_custom_good' };
    // E.g. written by a version with other limits, or edited in the index by hand.
    const broken = { ...BUILTIN_RULES[1], id: 'sequence_custom_broken', time_frame: '-1d' };
    const effective = effectiveRules({ rules: [good, broken], builtinDisabled: [] }, false);
    expect(effective.rules.map((r) => r.id)).toEqual(['sequence_custom_good']);
    expect(effective.errors).toEqual([expect.stringMatching(/^\[rules\.1\.time_frame\]/)]);
  });

  test('a stored rule repeating an earlier id is reported and the first one runs', () => {
    const first = { ...BUILTIN_RULES[1], id: 'sequence_custom', name: 'first' };
    const effective = effectiveRules({ rules: [first, { ...first, name: 'second' }], builtinDisabled: [] }, false);
    expect(effective.rules.map((r) => r.name)).toEqual(['first']);
    expect(effective.errors).toEqual([expect.stringMatching(/^\[rules\.1\.id\]: "sequence_custom" is already/)]);
  });
});
