/**
 * The login family's state store (server/families/login/states.ts) against the real Elasticsearch: a user's state
 * document changed between a pass's read and its write (an analyst marking an alert safe) makes the write meet a 409,
 * and the store folds what was taught meanwhile into the state the pass computed. What it folds in is read as a load
 * reads a stored state: through the pass's clock (as_of_clock.ts), so a time no pass could have written does not
 * come back in the merge.
 */
import type { Client } from '@elastic/elasticsearch';
import { resolveDetectionConfig, type UserState } from '../../server/detection';
import { newUserState } from '../../server/detection/user_state';
import { userStateStore } from '../../server/families/login/states';
import { JUDGED_TO_SLACK_MS } from '../../server/families/judged_to';
import { installIndices, loadStates, pluginIndices, writeStates } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';

jest.setTimeout(60_000);

const NOW = Date.parse('2026-11-20T12:00:00Z');
const YEAR_3000 = Date.parse('3000-01-01T00:00:00Z');
const space = uniqueIndexName('loginmerge').replace(/-/g, '_');
const indices = pluginIndices(space);
const policy = { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 };
const baseline = resolveDetectionConfig('default').baseline;
let client: Client;

beforeAll(async () => {
  client = esClient();
  await installIndices(client as never, space);
});

afterAll(async () => {
  await deleteIndices(client, ...Object.values(indices));
  await client.close();
});

/** ana's stored state, with a country she logged in from an hour before NOW. */
async function storeAna(): Promise<void> {
  const ana: UserState = newUserState('ana', NOW - 86_400_000);
  ana.countries.push({ value: 'IT', first: NOW - 3_600_000, last: NOW - 3_600_000, count: 3 });
  await writeStates(client as never, indices.state, new Map([['ana', ana]]), new Map(), (c) => c, NOW, policy);
}

/** ana's stored state edited in place (as the triage route writes it), bumping the document's version. */
async function editAna(edit: (state: UserState) => void): Promise<void> {
  const doc = await client.get<{ state: UserState }>({ index: indices.state, id: 'ana' });
  const state = doc._source!.state;
  edit(state);
  await client.update({ index: indices.state, id: 'ana', doc: { state } });
}

/** A pass that read ana's stored state and judged a login of hers a minute before NOW: its store, load and result. */
async function passOverAna() {
  await storeAna();
  const store = userStateStore(client as never, indices.state, baseline, policy);
  const loaded = await store.load(['ana']);
  const computed = loaded.states.get('ana')!;
  computed.lastLoginAt = NOW - 60_000;
  return { store, loaded, computed };
}

test("a country taught while the pass judged is kept, and a forged time in it is held to the pass's clock", async () => {
  const { store, loaded, computed } = await passOverAna();
  // Meanwhile the stored document gains a country (taught) and a forged year-3000 sighting of the one she knew.
  await editAna((state) => {
    state.countries.push({ value: 'FR', first: NOW - 30_000, last: NOW - 30_000, count: 1 });
    state.countries[0].last = YEAR_3000;
    state.countries[0].count = 4;
  });
  const written = await store.write(new Map([['ana', computed]]), loaded, NOW);
  expect(written.merged).toBe(1);
  const stored = (await loadStates(client as never, indices.state, ['ana'])).states.get('ana')!;
  const byValue = new Map(stored.countries.map((e) => [e.value, e]));
  // The analyst's teaching survives the pass's write, and so does the pass's own result.
  expect(byValue.get('FR')?.last).toBe(NOW - 30_000);
  expect(stored.lastLoginAt).toBe(NOW - 60_000);
  // Before: the merge taught IT again at its stored year-3000 time, written back as 32503680000000.
  expect(byValue.get('IT')!.last).toBeLessThanOrEqual(NOW + JUDGED_TO_SLACK_MS);
});

test('a login marked safe with a forged year-3000 time does not wipe the habit model in the merge', async () => {
  const { store, loaded, computed } = await passOverAna();
  await editAna((state) => {
    state.taught = [{ id: 'alert-1', at: YEAR_3000, country: 'FR', asn: '3215', device: 'firefox|linux' }];
  });
  await store.write(new Map([['ana', computed]]), loaded, NOW);
  const stored = (await loadStates(client as never, indices.state, ['ana'])).states.get('ana')!;
  // The taught login is learned (its AS is known) as of the pass's clock at the latest.
  expect(stored.asns.find((e) => e.value === '3215')!.last).toBeLessThanOrEqual(NOW + JUDGED_TO_SLACK_MS);
  // Before: the model was decayed to the year 3000 (its day 12,053,… written back), every earlier weight lost with it.
  expect(stored.model!.d).toBeLessThanOrEqual(Math.floor((NOW + JUDGED_TO_SLACK_MS) / 86_400_000));
});
