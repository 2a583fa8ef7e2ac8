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

describe("the events around an address's alert", () => {
  it('say whose each one was and how it ended, each only when stored as text', () => {
    // An address's alert (a spray) lists every account's events from it: without the account and the outcome the
    // analyst saw the same address on rows that differ only by time.
    const logins = mergeLoginsAround(
      [
        hit({ '@timestamp': '2024-05-03T08:59:00.000Z', user: { name: 'amy' }, event: { outcome: 'failure' } }),
        hit({ '@timestamp': '2024-05-03T08:58:00.000Z', user: { name: ['a', 'b'] }, event: { outcome: 7 } }),
      ],
      [],
      trigger,
    );
    expect(logins.map((l) => [l.user, l.outcome])).toEqual([
      [undefined, undefined],
      ['amy', 'failure'],
    ]);
  });

  it('are read with the account and the outcome', () => {
    const alert = {
      '@timestamp': '2024-05-03T09:00:00.000Z',
      buffalogs: { trigger, entity: { field: 'source.ip', value: '203.0.113.50' } },
    } as unknown as AlertDocument;
    expect(buildLoginsAroundSearches(alert, 1)!.before._source).toEqual(
      expect.arrayContaining(['user.name', 'event.outcome']),
    );
  });
});
