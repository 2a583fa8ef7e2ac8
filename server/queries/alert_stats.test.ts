/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
import {
  buildAlertsOverTimeSearch,
  buildFiredRulesSearch,
  buildTravelPairsSearch,
  chartSeries,
  resolveInterval,
  shapeAlertsOverTime,
  shapeTravelPairs,
} from './alert_stats';
import { ALERTS_TEMPLATE } from '../storage/templates';
import { riskHistory } from './users';

const H = 3_600_000;

describe('alerts over time', () => {
  it('picks the interval as BuffaLogs does: hourly under a day, daily up to 31 days, else monthly', () => {
    expect(resolveInterval('auto', 0, 20 * H)).toBe('hour');
    expect(resolveInterval('auto', 0, 31 * 24 * H)).toBe('day');
    expect(resolveInterval('auto', 0, 32 * 24 * H)).toBe('month');
    expect(resolveInterval('week', 0, H)).toBe('week');
  });

  it('refuses a range that would make thousands of buckets, naming the interval', () => {
    expect(() =>
      buildAlertsOverTimeSearch('i', { from: '2000-01-01', to: '2024-01-01', interval: 'hour' }, []),
    ).toThrow(/request query\.interval/);
  });

  it("asks for empty buckets across the whole range, each split by the chart's series", () => {
    const range = { from: '2024-05-01', to: '2024-05-08', interval: 'auto' as const };
    const { request, interval } = buildAlertsOverTimeSearch('i', range, ['new_device', 'sequence_x']);
    expect(interval).toBe('day');
    const agg = (request.aggs as any).over_time;
    expect(agg.date_histogram).toMatchObject({
      calendar_interval: 'day',
      min_doc_count: 0,
      extended_bounds: { min: Date.parse('2024-05-01') },
    });
    // Every bucket counts the same rules, the ones that fired in the range: not each bucket its own busiest 20.
    expect(agg.aggs.by_detector.terms).toEqual({ field: 'rule.id', size: 2, include: ['new_device', 'sequence_x'] });
    // Each detector's name as its alerts carry it (a sequence rule's id is no name for a legend), asked first.
    const names = (buildFiredRulesSearch('i', range).aggs as any).detector_names;
    expect([names.terms.field, names.aggs.name.terms.field]).toEqual(['rule.id', 'rule.name']);
  });

  it("names the detectors from their alerts' rule.name (ids without a name, or named as their id, left out)", () => {
    const result = {
      hits: { total: { value: 3, relation: 'eq' }, hits: [] },
      aggregations: {
        over_time: { buckets: [] },
        detector_names: {
          buckets: [
            {
              key: 'sequence_porlock_otp_password',
              doc_count: 2,
              name: { buckets: [{ key: 'OTP then password reset', doc_count: 2 }] },
            },
            { key: 'odd', doc_count: 1, name: { buckets: [] } },
            { key: 'same', doc_count: 1, name: { buckets: [{ key: 'same', doc_count: 1 }] } },
          ],
        },
      },
    } as any;
    expect(shapeAlertsOverTime(result, 'day', result).detector_names).toEqual({
      sequence_porlock_otp_password: 'OTP then password reset',
    });
  });
});

describe("the chart's series", () => {
  const fired = (n: number) =>
    ({
      hits: { total: { value: n, relation: 'eq' }, hits: [] },
      aggregations: {
        detector_names: { buckets: Array.from({ length: n }, (_, i) => ({ key: `rule_${i}`, doc_count: n - i })) },
      },
    }) as any;

  it('are every rule that fired, busiest first, over the ranges the app asks for', () => {
    expect(chartSeries(fired(3), 7)).toEqual(['rule_0', 'rule_1', 'rule_2']);
    // 31 days hourly (744 buckets, more than the app's auto interval makes): 53 series.
    expect(chartSeries(fired(250), 744)).toHaveLength(53);
  });

  it('keep the counts asked for bounded as they were (2,000 buckets of 20), at least the 20 busiest', () => {
    expect(chartSeries(fired(250), 2000)).toEqual(Array.from({ length: 20 }, (_, i) => `rule_${i}`));
    expect(chartSeries(fired(250), 0)).toHaveLength(250);
  });

  it('none when no rule fired: the histogram is not split', () => {
    const { request } = buildAlertsOverTimeSearch('i', { from: '2024-05-01', to: '2024-05-08', interval: 'day' }, []);
    expect((request.aggs as any).over_time.aggs).toBeUndefined();
  });
});

describe('travel pairs', () => {
  it('keeps impossible-travel alerts with both coordinates and drops the others', () => {
    const travel = (id: string, to: unknown) => ({
      _id: id,
      _source: {
        '@timestamp': '2024-05-01T10:00:00Z',
        user: { name: 'alice' },
        buffalogs: {
          alert_id: id,
          evidence: {
            kind: 'travel',
            from: { timestamp: 't', location: { lat: 45.46, lon: 9.19 }, country_iso_code: 'IT' },
            to: { timestamp: 't', location: to, country_iso_code: 'US' },
            speed_kmh: 4000,
            distance_km: 6400,
          },
        },
      },
    });
    const pairs = shapeTravelPairs({
      hits: { hits: [travel('a', { lat: 40.7, lon: -74 }), travel('b', undefined)] },
    } as never);
    expect(pairs).toEqual([
      {
        alert_id: 'a',
        user: 'alice',
        timestamp: '2024-05-01T10:00:00Z',
        from: { location: { lat: 45.46, lon: 9.19 }, country_iso_code: 'IT' },
        to: { location: { lat: 40.7, lon: -74 }, country_iso_code: 'US' },
        speed_kmh: 4000,
        distance_km: 6400,
      },
    ]);
  });
});

describe('travel pairs of the default profile (a verdict whose impossible_travel signal carries the journey)', () => {
  const journey = {
    kind: 'travel',
    from: { timestamp: 't', location: { lat: 51.5, lon: -0.13 }, country_iso_code: 'GB', city_name: 'London' },
    to: { timestamp: 't', location: { lat: 6.52, lon: 3.38 }, country_iso_code: 'NG', city_name: 'Lagos' },
    speed_kmh: 7518,
    distance_km: 5012.3,
  };
  const verdict = (id: string, signals: unknown[]) => ({
    _id: id,
    _source: {
      '@timestamp': '2024-05-01T10:00:00Z',
      user: { name: 'olivia' },
      buffalogs: { alert_id: id, evidence: { kind: 'verdict', score: 100, threshold: 50, signals } },
    },
  });

  it('draws the journey of a verdict with an impossible_travel signal, and nothing for one without', () => {
    const pairs = shapeTravelPairs({
      hits: {
        hits: [
          verdict('v1', [
            { id: 'new_device', weight: 30, evidence: { kind: 'novelty' } },
            { id: 'impossible_travel', weight: 30, evidence: journey },
          ]),
          verdict('v2', [{ id: 'new_device', weight: 30, evidence: { kind: 'novelty' } }]),
          // A stored document of another shape: no signals list, a signal that is no object.
          verdict('v3', 'impossible_travel' as never),
          verdict('v4', [null, { id: 'impossible_travel', evidence: { kind: 'novelty' } }]),
        ],
      },
    } as never);
    expect(pairs).toEqual([
      {
        alert_id: 'v1',
        user: 'olivia',
        timestamp: '2024-05-01T10:00:00Z',
        from: { location: { lat: 51.5, lon: -0.13 }, country_iso_code: 'GB', city_name: 'London' },
        to: { location: { lat: 6.52, lon: 3.38 }, country_iso_code: 'NG', city_name: 'Lagos' },
        speed_kmh: 7518,
        distance_km: 5012.3,
      },
    ]);
  });

  it('searches the impossible-travel alerts and the verdicts with that signal, the signal id being mapped', () => {
    const search = buildTravelPairsSearch('alerts', { from: '2024-05-01', status: ['open'] }, 10);
    const text = JSON.stringify(search.query);
    expect(text).toContain('{"term":{"rule.id":"impossible_travel"}}');
    expect(text).toContain('{"term":{"buffalogs.signal_ids":"impossible_travel"}}');
    expect(text).toContain('{"terms":{"buffalogs.status":["open"]}}');
    const mapping = ALERTS_TEMPLATE.body.template.mappings as {
      properties: { buffalogs: { properties: Record<string, { properties?: Record<string, unknown> }> } };
    };
    expect(mapping.properties.buffalogs.properties.signal_ids).toEqual({ type: 'keyword', ignore_above: 1024 });
    // Not the evidence's signals: an object mapping there refused another writer's alert whose signals are text.
    expect(mapping.properties.buffalogs.properties.evidence.properties!.signals).toBeUndefined();
  });
});

describe('risk history', () => {
  // Hour `h` of a day, and back: the points carry their time as ISO text.
  const at = (h: string) => `2024-05-01T0${h}:00:00.000Z`;
  const hour = (iso: string) => String(new Date(iso).getUTCHours());

  it('keeps, oldest first, only the alerts where the risk changed', () => {
    const a = (ts: string, level: string, score: number) =>
      ({ '@timestamp': at(ts), buffalogs: { alert_id: ts, user_risk: { level, score } } }) as never;
    const newestFirst = [a('4', 'medium', 4), a('3', 'low', 3), a('2', 'low', 2), a('1', 'low', 1), a('0', 'low', 1)];
    expect(riskHistory(newestFirst).map((p) => `${hour(p.timestamp)}:${p.level}:${p.score}`)).toEqual([
      '0:low:1',
      '2:low:2',
      '3:low:3',
      '4:medium:4',
    ]);
  });

  it("takes a login's highest risk when several of its alerts share a timestamp, whatever their order", () => {
    const a = (ts: string, id: string, level: string, score: number) =>
      ({ '@timestamp': at(ts), buffalogs: { alert_id: id, user_risk: { level, score } } }) as never;
    // Newest first as Elasticsearch returns them: the uncounted new-device alert (score 0) sorts after the new country.
    const newestFirst = [a('2', 'dev', 'no_risk', 1), a('2', 'country', 'low', 2), a('1', 'x', 'low', 1)];
    expect(riskHistory(newestFirst).map((p) => `${hour(p.timestamp)}:${p.score}:${p.alert_id}`)).toEqual([
      '1:1:x',
      '2:2:country',
    ]);
  });
});
