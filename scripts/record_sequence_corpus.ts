/**
 * Records what the sequence engine does with the fixed corpus (server/families/sequence/__fixtures__/engine_corpus.ts)
 * into engine_corpus.json, which engine_corpus.test.ts holds every later engine to. Run it only for an intended change
 * of the engine's behaviour (and say so in the commit): an optimisation must pass the test against the old recording.
 *
 *   npx tsx scripts/record_sequence_corpus.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusRules, runScenario, SCENARIOS } from '../server/families/sequence/__fixtures__/engine_corpus';

const rules = corpusRules();
const recording = SCENARIOS.map((s) => ({ seed: s.seed, calls: runScenario(s, rules) }));
const file = join(__dirname, '../server/families/sequence/__fixtures__/engine_corpus.json');
writeFileSync(file, `${JSON.stringify(recording)}\n`);
const alerts = recording.reduce((n, r) => n + r.calls.reduce((m, c) => m + c.ids.length, 0), 0);
console.log(`${file}: ${recording.length} scenarios, ${alerts} alerts`);
