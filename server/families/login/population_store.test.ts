/**
 * The stored population context is judged with the settings in force: `verdict.carrierMobileShare` decides which
 * stored AS is a mobile carrier (it used to be dropped on load, so the default 0.6 always applied in the task).
 */
import { PopulationContext } from '../../detection';
import type { EsClient } from '../../storage';
import { DEFAULT_RETRY_POLICY } from '../../storage';
import { populationStore } from './population_store';

const CARRIER = 64_500;

/** A stored snapshot in which 40 of the AS's 100 logins came from phones. */
function storedSnapshot(): unknown {
  const snapshot = new PopulationContext({ orgMinUsersPerPrefix: 10 }).snapshot();
  return { ...snapshot, carriers: [[CARRIER, 40, 100]] };
}

function fakeClient(): EsClient {
  const search = async () => ({
    hits: { hits: [{ _id: 'population:0-of-1', _source: { snapshot: storedSnapshot() } }] },
  });
  return { search } as unknown as EsClient;
}

const store = () =>
  populationStore({
    client: fakeClient(),
    space: 'default',
    partition: 0,
    partitions: 1,
    retry: DEFAULT_RETRY_POLICY,
    logger: { warn: () => undefined },
  });

describe('populationStore.load', () => {
  it('judges carriers with the configured phone share: 40 % phones is a carrier at 0.3, not at 0.6', async () => {
    const lenient = await store().load({ orgMinUsersPerPrefix: 10, carrierMobileShare: 0.3 });
    const strict = await store().load({ orgMinUsersPerPrefix: 10, carrierMobileShare: 0.6 });
    expect(lenient.isCarrier(CARRIER)).toBe(true);
    expect(strict.isCarrier(CARRIER)).toBe(false);
  });

  it('without a configured share the verdict default (0.6) applies', async () => {
    const context = await store().load({ orgMinUsersPerPrefix: 10 });
    expect(context.isCarrier(CARRIER)).toBe(false);
  });
});
