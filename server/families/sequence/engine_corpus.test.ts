/**
 * Differential test: the engine against what the engine did before it was restructured for speed (issue 15), on a
 * fixed corpus of seeded streams (__fixtures__/engine_corpus.ts: every match type and direction, chains, two
 * identifier fields, duplicates, late and out-of-order events, the bounds, restored state, re-ordered rule lists).
 * Per call: the alert ids in order, a digest of the documents, every count, and a digest of the state left.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusRules, runScenario, SCENARIOS, type CallRecord } from './__fixtures__/engine_corpus';

const recording = JSON.parse(readFileSync(join(__dirname, '__fixtures__/engine_corpus.json'), 'utf8')) as Array<{
  seed: number;
  calls: CallRecord[];
}>;

test('the recording covers what the corpus is for', () => {
  const calls = recording.flatMap((r) => r.calls);
  const sum = (f: (c: CallRecord) => number) => calls.reduce((n, c) => n + f(c), 0);
  expect(sum((c) => c.ids.length)).toBeGreaterThan(500);
  expect(sum((c) => c.stats.duplicates)).toBeGreaterThan(20);
  expect(sum((c) => c.stats.late)).toBeGreaterThan(20);
  expect(sum((c) => c.stats.noIdentifier)).toBeGreaterThan(20);
  const perRule = calls.flatMap((c) => c.stats.perRule.map((line) => line.split(' ')));
  expect(perRule.reduce((n, [, , , dw]) => n + Number(dw), 0)).toBeGreaterThan(10);
  expect(perRule.reduce((n, [, , , , de]) => n + Number(de), 0)).toBeGreaterThan(10);
  // Every enabled rule fired somewhere.
  const fired = new Set(perRule.filter(([, alerts]) => Number(alerts) > 0).map(([id]) => `sequence_corpus_${id}`));
  expect([...fired].sort()).toEqual(
    corpusRules()
      .filter((r) => r.enabled)
      .map((r) => r.id)
      .sort(),
  );
});

describe.each(SCENARIOS.map((s) => [s.seed, s] as const))('scenario %i', (seed, scenario) => {
  test('same alerts, documents, counts and state after every call as the recording', () => {
    const recorded = recording.find((r) => r.seed === seed)!.calls;
    const now = runScenario(scenario, corpusRules());
    expect(now.length).toBe(recorded.length);
    for (let i = 0; i < now.length; i++) expect({ call: i, ...now[i] }).toEqual({ call: i, ...recorded[i] });
  });
});
