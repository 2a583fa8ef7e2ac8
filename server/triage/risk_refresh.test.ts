import { resolveDetectionConfig } from '../detection';
import type { EsClient } from '../storage/es_client';
import { refreshStaleRisksForRead } from './risk_refresh';

const risk = resolveDetectionConfig('default').risk;
const indices = { alerts: 'buffalogs-alerts-x', state: 'buffalogs-state-x' };

/** A cluster where `ben`'s key is stale and whose answer to writing it is `bulkStatus`. */
function cluster(bulkStatus: number) {
  return {
    search: jest.fn(async (req: { index: string }) =>
      req.index === indices.state
        ? { hits: { hits: [{ _source: { user: { name: 'ben' } } }] } }
        : { hits: { hits: [] }, aggregations: { users: { buckets: [] } } },
    ),
    mget: jest.fn(async () => ({
      docs: [
        { _id: 'ben', found: true, _source: { risk_now: { key: 1, takeover: false, refresh_at: 'x', basis: 'y' } } },
      ],
    })),
    bulk: jest.fn(async () => ({
      errors: true,
      items: [{ update: { status: bulkStatus, error: { type: 'security_exception', reason: 'no write privilege' } } }],
    })),
  };
}

test('an analyst who may only read gets the list: the refused refresh is logged at debug, not as a warning', async () => {
  const logger = { warn: jest.fn(), debug: jest.fn() };
  await refreshStaleRisksForRead(cluster(403) as unknown as EsClient, indices, risk, Date.now(), logger);
  expect(logger.warn).not.toHaveBeenCalled();
  expect(logger.debug).toHaveBeenCalledWith(expect.stringMatching(/current risk.*security_exception/));
});

test('any other refusal is a warning, and the read goes on', async () => {
  const logger = { warn: jest.fn(), debug: jest.fn() };
  await refreshStaleRisksForRead(cluster(500) as unknown as EsClient, indices, risk, Date.now(), logger);
  expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/current risk/));
});
