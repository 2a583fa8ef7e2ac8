import { resolveDetectionConfig } from '../detection';
import type { EsClient } from '../storage/es_client';
import { reconcileUsersRisk, refreshStaleRisksForRead } from './risk_refresh';

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
  await expect(
    refreshStaleRisksForRead(cluster(500) as unknown as EsClient, indices, risk, Date.now(), logger),
  ).resolves.toBeUndefined();
  expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/current risk/));
});

test('a shard that fails while alerts are read does not clear the keys of the users it held', async () => {
  const bulk = jest.fn(async () => ({ errors: false, items: [] }));
  const client = {
    search: jest.fn(async (req: { index: string }) =>
      req.index === indices.state
        ? { hits: { hits: [{ _source: { user: { name: 'ben' }, risk_now: { key: 1 } }, sort: ['ben'] }] } }
        : {
            // Ben's alerts were on the shard that failed: the page is short, not the end of the alerts.
            _shards: {
              total: 2,
              successful: 1,
              failed: 1,
              failures: [{ index: indices.alerts, reason: { type: 'x' } }],
            },
            hits: { hits: [] },
          },
    ),
    bulk,
  };
  await expect(reconcileUsersRisk(client as unknown as EsClient, indices, risk, Date.now())).rejects.toThrow(
    /shard\(s\) failed/,
  );
  expect(bulk).not.toHaveBeenCalled();
});
