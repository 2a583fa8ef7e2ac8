import type { estypes } from '@elastic/elasticsearch';
import type { AlertDocument } from '../../common/alert_document';
import { buildLoginsAroundSearches, mergeLoginsAround } from './alert_logins';

const trigger = { index: 'logs-a', event_id: 'e1' };
const hit = (source: Record<string, unknown>, sort?: unknown[]) =>
  ({ _index: 'logs-a', _id: 'h', _source: source, ...(sort ? { sort } : {}) }) as unknown as estypes.SearchHit<never>;

describe('the logins around an alert, when @timestamp is a string of epoch milliseconds', () => {
  const alert = {
    '@timestamp': '1733000000000',
    user: { name: 'alice' },
    buffalogs: { trigger, evidence: { kind: 'novelty' } },
  } as unknown as AlertDocument;

  it("searches around the alert's time, as Elasticsearch reads it", () => {
    // Date.parse of it was NaN: no search, and the detail said "its @timestamp is no time".
    const searches = buildLoginsAroundSearches(alert, 1)!;
    expect(searches.after.query).toMatchObject({
      bool: { filter: [{}, { range: { '@timestamp': { gte: '2024-11-30T20:53:20.000Z' } } }] },
    });
  });

  it("lists a login whose own @timestamp is one at that time, a login whose time this reader cannot read at Elasticsearch's", () => {
    // new Date("1733000000000") was an Invalid Date, and toISOString threw: the alert detail answered 500.
    const logins = mergeLoginsAround(
      [hit({ '@timestamp': '1733000000000' })],
      [hit({ '@timestamp': '30.11.2024 21:00' }, [1733000400000])],
      trigger,
    );
    expect(logins.map((l) => l.timestamp)).toEqual(['2024-11-30T20:53:20.000Z', '2024-11-30T21:00:00.000Z']);
  });
});
