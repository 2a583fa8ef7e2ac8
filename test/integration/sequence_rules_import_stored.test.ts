/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * Importing sequence rules into a space whose stored rules this version refuses (written by an older version, or
 * edited in the index): the import adds its rules and leaves the stored ones as they were, reported and never run,
 * instead of refusing the import over a rule the caller did not send.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS } from '../../common/api';
import { sequenceRulesIndex } from '../../server/families/sequence/rules_store';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const space = uniqueIndexName('seqimport').replace(/-/g, '_');
let client: Client;
let host: RunningHost;

const RULE = {
  id: 'sequence_stored_old',
  name: 'stored by an older version',
  identifier: 'user.name',
  first: 'otp login',
  direction: 'followed_by',
  match: 'any',
  events: ['password change'],
  period: { when: 'after', duration: '1h' },
  time_frame: '1d',
};
const PORLOCK = [
  'otp login',
  'followed by',
  'any',
  ['mfa reset'],
  'after',
  '2d',
  'user',
  null,
  null,
  null,
  '14d',
  null,
];

/** The space's stored rules document, as saveRules writes it, holding `rules` as they are. */
async function storeRules(rules: unknown[], version: number): Promise<void> {
  await client.index({
    index: sequenceRulesIndex(space),
    id: 'rules',
    refresh: true,
    document: {
      kind: 'current',
      version,
      rules,
      builtin_disabled: [],
      updated_by: 'older-version',
      updated_at: '2024-01-01T00:00:00.000Z',
    },
  });
}

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  host = await startHost({ privilege: 'all', settings: { buffalogs: { space, schedule: { interval: '1d' } } } });
});

afterAll(async () => {
  await host?.stop();
  await deleteIndices(client, sequenceRulesIndex(space));
  await client.close();
});

test('a stored rule this version refuses does not block an import, and stays reported as it was', async () => {
  // A unit this version no longer reads: before, the import was a 400 "[rules.0.time_frame]: …", naming rules.0 of a
  // list the caller never sent (their own document's rules.0 was fine).
  const old = { ...RULE, time_frame: '1y' };
  await storeRules([old], 1);
  const res = await call(host.baseUrl, 'POST', API_PATHS.sequenceRulesImport, { document: PORLOCK });
  expect(res.status).toBe(200);
  expect(res.body.version).toBe(2);
  expect(res.body.rules).toEqual([old, expect.objectContaining({ id: res.body.imported[0], events: ['mfa reset'] })]);
  expect(res.body.errors).toEqual([expect.stringMatching(/^\[rules\.0\.time_frame\]/)]);
  expect(res.body.effective.map((r: any) => r.id)).toContain(res.body.imported[0]);
});

test('a stored entry that is not a rule at all (null) is no 500 on import, nor on listing the rules', async () => {
  await storeRules([null, RULE], 3);
  const list = await call(host.baseUrl, 'GET', API_PATHS.sequenceRules);
  expect(list.status).toBe(200);
  expect(list.body.errors).toEqual(['[rules.0]: must be an object']);
  expect(list.body.effective.map((r: any) => r.id)).toContain(RULE.id);
  const res = await call(host.baseUrl, 'POST', API_PATHS.sequenceRulesImport, { document: PORLOCK });
  expect(res.status).toBe(200);
  expect(res.body.version).toBe(4);
  expect(res.body.rules.slice(0, 2)).toEqual([null, RULE]);
  expect(res.body.errors).toEqual(['[rules.0]: must be an object']);
});

test('an import past the space’s rule limit is a 400 saying how many, and nothing is written', async () => {
  const many = Array.from({ length: 200 }, (_, i) => ({ ...RULE, id: `sequence_stored_${i}` }));
  await storeRules(many, 5);
  const res = await call(host.baseUrl, 'POST', API_PATHS.sequenceRulesImport, { document: PORLOCK });
  expect(res.status).toBe(400);
  expect(res.body.message).toMatch(/at most 200 rules/);
  const after = await call(host.baseUrl, 'GET', API_PATHS.sequenceRules);
  expect(after.body.version).toBe(5);
});
