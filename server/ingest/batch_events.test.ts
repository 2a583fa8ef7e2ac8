import { sameJson, throwIfShardsFailed } from './batch_events';

describe('sameJson: when two logins may share one source / user_agent object', () => {
  it('is structural, whatever the key order', () => {
    expect(sameJson({ ip: '10.0.0.1', geo: { location: { lat: 1, lon: 2 } } }, { geo: { location: { lon: 2, lat: 1 } }, ip: '10.0.0.1' })).toBe(true);
    expect(sameJson(['a', { b: 1 }], ['a', { b: 1 }])).toBe(true);
  });

  it('tells apart a differing value, a missing or extra key, arrays from objects, null', () => {
    expect(sameJson({ ip: '10.0.0.1' }, { ip: '10.0.0.2' })).toBe(false);
    expect(sameJson({ ip: '10.0.0.1' }, { ip: '10.0.0.1', port: 22 })).toBe(false);
    expect(sameJson({ ip: '10.0.0.1', port: 22 }, { ip: '10.0.0.1' })).toBe(false);
    expect(sameJson({ a: undefined }, { b: undefined })).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameJson({ as: null }, { as: {} })).toBe(false);
    expect(sameJson(undefined, {})).toBe(false);
    expect(sameJson(['x'], ['x', 'y'])).toBe(false);
  });
});

test('a failed shard fails the read with its reason instead of looking like the end of the events', () => {
  expect(() => throwIfShardsFailed({ failed: 0 })).not.toThrow();
  expect(() => throwIfShardsFailed({ failed: 1, failures: [{ reason: { type: 'search_context_missing_exception', reason: 'No search context found' } }] })).toThrow(
    '1 shard(s) failed to return events (search_context_missing_exception: No search context found)',
  );
});
