import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnalysisText } from './parse_text';
import { formatErrors, validateAnalysis } from './validate';

const parse = (text: string): unknown => {
  const p = parseAnalysisText(text);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

describe("anomal's YAML shape", () => {
  it('reads its DNS example as it is: fields, its metric names, its filter and flags; plugins are not followed', () => {
    const doc = parse(readFileSync(join(__dirname, '__fixtures__/anomal_dns_features.yaml'), 'utf8'));
    const r = validateAnalysis(doc);
    if (!r.ok) throw new Error(formatErrors(r.errors));
    const a = r.analysis;
    expect(a.features.map((f) => [f.name, f.kind === 'metric' ? f.metric : f.type, f.weight])).toEqual([
      ['client.bytes', 'auto', 1],
      ['network.bytes', 'auto', 1],
      ['numbers_in_hostname', 'digit_count', 1],
      ['hostname_entropy', 'entropy', 1],
      ['alexa_1m_rating', 'registered_domain_rarity', 1],
    ]);
    expect(a.features[3]).toMatchObject({ field: 'dns.question.name', params: { round: 2 } });
    expect(a.exclude).toEqual([
      { field: 'dns.question.name', op: 'eq', value: 'articulo.mercadolibre.com.ar', ignoreCase: false },
    ]);
    expect(a.flags[0]).toMatchObject({ kind: 'record', name: 'has_dns_data_b64_encoded', severity: 'medium' });
    expect(a.flags[1]).toMatchObject({
      kind: 'beaconing',
      name: 'beaconing_detector',
      source: 'source.ip',
      timestamp: '@timestamp',
      threshold: 0.7,
      severity: 'low',
    });
    expect(r.notes.join('\n')).toMatch(/plugins: ignored/);
    expect(r.notes.join('\n')).toMatch(/alexa_1m_rating/);
  });

  it('an unknown anomal metric or flag is a 400 naming the field', () => {
    const r = validateAnalysis({
      features: [{ type: 'metric', data_needed: 'x', name: 'exec_my_code', multiplier: 1 }],
      flags: [{ type: 'direct', name: 'custom_flag', function_code: 'import os' }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['features[0].name', 'flags[0].function_code', 'flags[0].name']));
  });
});

describe('our shape', () => {
  const base = {
    name: 'dns-hunt',
    indexPattern: 'logs-dns-*',
    timeRange: { from: 'now-24h', to: 'now' },
    query: 'dns.question.type : *',
    features: [
      { field: 'dns.question.type', type: 'categorical', weight: 0.5 },
      { metric: 'ngram_rarity', field: 'dns.question.name', params: { n: 3 }, weight: 2 },
      { metric: 'distinct_per_entity', field: 'source.ip', params: { window: '10m', of: 'dns.question.name' } },
    ],
    flags: [
      {
        name: 'txt',
        severity: 'high',
        description: 'TXT',
        when: { field: 'dns.question.type', op: 'in', value: ['TXT'] },
      },
      { name: 'beacon', beaconing: { source: 'source.ip', destination: 'dns.question.name', jitter: 0.05 } },
      { name: 'pair', rarePair: { a: 'user.name', b: 'source.geo.country_iso_code' } },
      { name: 'spike', volumeSpike: { entity: 'source.ip', window: '1h' } },
    ],
    engine: { seed: 42, k: [2, 5], sampleSize: 500 },
  };

  it('is read with defaults filled in', () => {
    const r = validateAnalysis(base, { requireSource: true });
    if (!r.ok) throw new Error(formatErrors(r.errors));
    expect(r.analysis.features[1]).toEqual({
      kind: 'metric',
      name: 'ngram_rarity(dns.question.name)',
      metric: 'ngram_rarity',
      field: 'dns.question.name',
      weight: 2,
      params: { n: 3 },
    });
    expect(r.analysis.features[2]).toMatchObject({ params: { window: 600_000, of: 'dns.question.name' } });
    expect(r.analysis.flags.map((f) => f.kind)).toEqual(['record', 'beaconing', 'rare_pair', 'volume_spike']);
    expect(r.analysis.flags[1]).toMatchObject({ jitter: 0.05, threshold: 0.7, minEvents: 8, timestamp: '@timestamp' });
    expect(r.analysis.engine).toMatchObject({ seed: 42, minK: 2, maxK: 5, sampleSize: 500 });
  });

  it('every problem is reported with its field', () => {
    const r = validateAnalysis(
      {
        ...base,
        indexPattern: 'logs dns',
        timeRange: { from: '2026-01-02', to: '2026-01-01' },
        features: [
          { field: 'a', weight: -1 },
          { metric: 'entropyy', field: 'b' },
          { metric: 'char_class_ratio', field: 'c', params: { class: 'emoji' } },
        ],
        flags: [
          { name: 'x', severity: 'urgent', when: { field: 'a', op: 'regex', value: '(a+)+$' } },
          { name: 'y', beaconing: { source: 's' }, rarePair: { a: 'a', b: 'b' } },
        ],
        engine: { k: [5, 2], sampleSize: 10_000_000 },
      },
      { requireSource: true },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'indexPattern',
        'timeRange.to',
        'features[0].weight',
        'features[1].metric',
        'features[2].params.class',
        'flags[0].severity',
        'flags[0].when.op',
        'flags[1]',
        'engine.k',
        'engine.sampleSize',
      ]),
    );
    expect(formatErrors(r.errors)).toMatch(/^indexPattern: must be an index pattern/m);
  });

  it('saved analyses need a source; the offline CLI does not', () => {
    const { indexPattern: _i, timeRange: _t, ...offline } = base;
    expect(validateAnalysis(offline).ok).toBe(true);
    const r = validateAnalysis(offline, { requireSource: true });
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['indexPattern', 'timeRange']);
  });

  it('duplicate names and an all-zero weighting are refused', () => {
    const r = validateAnalysis({
      features: [
        { field: 'a', weight: 0 },
        { field: 'a', weight: 0 },
      ],
    });
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['features[1].name', 'features']);
  });

  it('packs are data: built-ins combined with the user’s own features', () => {
    const r = validateAnalysis({ packs: ['dns'], features: [{ field: 'source.ip', type: 'categorical' }] });
    if (!r.ok) throw new Error(formatErrors(r.errors));
    expect(r.analysis.features.map((f) => f.name)).toContain('numbers_in_hostname');
    expect(r.analysis.features.map((f) => f.name)).toContain('source.ip');
    expect(r.analysis.flags.map((f) => f.name)).toEqual(['beaconing_detector', 'txt_query_payload']);
    expect(validateAnalysis({ packs: ['logins'] }).ok).toBe(true);
    const bad = validateAnalysis({ packs: ['https://example.com/pack.py'] });
    expect(!bad.ok && bad.errors[0].path).toBe('packs[0]');
  });
});

describe('hostile input', () => {
  it('prototype keys are refused, and nothing is polluted', () => {
    const doc = parse('features:\n  - field: a\n    __proto__:\n      polluted: yes\n');
    const r = validateAnalysis(doc);
    expect(!r.ok && r.errors[0].message).toMatch(/__proto__: this key is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const json = validateAnalysis(JSON.parse('{"features":[{"field":"a"}],"constructor":{"prototype":{}}}'));
    expect(json.ok).toBe(false);
  });

  // Names and fields are values, not keys, so the shape guard let them through; a report's per-record values are
  // keyed by them (features[name] = value), and assigning to `__proto__` is a no-op: the value was silently missing.
  it.each([
    [{ features: [{ field: 'a', name: '__proto__' }] }, 'features[0].name'],
    [{ features: [{ type: 'field', data_needed: '__proto__' }] }, 'features[0].data_needed'],
    [{ features: [{ field: 'a' }, { field: 'user.constructor' }] }, 'features[1].field'],
    [
      { features: [{ field: 'a' }], flags: [{ name: 'prototype', when: { field: 'a', op: 'exists' } }] },
      'flags[0].name',
    ],
    [{ features: [{ field: 'a' }], timestamp: '__proto__' }, 'timestamp'],
  ])('a name or field path naming a prototype key (%j) is refused at %s', (doc, path) => {
    const r = validateAnalysis(doc);
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual([path]);
  });

  it.each(['.', '..'])('an analysis named %j is refused: its page /analyses/%s is a folder to a URL', (name) => {
    const r = validateAnalysis({ name, features: [{ field: 'a' }] });
    expect(!r.ok && r.errors).toEqual([
      { path: 'name', message: `"${name}" cannot be an analysis's name: a URL reads it as a folder` },
    ]);
    // A feature may still be named so: it is no path.
    expect(validateAnalysis({ name: 'dots', features: [{ field: 'a', name: '..' }] }).ok).toBe(true);
  });

  it('huge lists, deep nesting and alias bombs are refused before they are read', () => {
    const many = validateAnalysis({ features: Array.from({ length: 20_000 }, () => ({ field: 'a' })) });
    expect(!many.ok && many.errors[0].message).toMatch(/more than/);
    let deep: unknown = { field: 'a', op: 'exists' };
    for (let i = 0; i < 40; i++) deep = { not: deep };
    const nested = validateAnalysis({ features: [{ field: 'a' }], flags: [{ name: 'x', when: deep }] });
    expect(!nested.ok && nested.errors[0].message).toMatch(/nested deeper/);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const r = validateAnalysis(parse(bomb.join('\n')));
    expect(!r.ok && r.errors[0].message).toMatch(/more than 20000 values/);
  });

  // The time range goes to Elasticsearch as written, read there as strict_date_optional_time||epoch_millis: "1" (2001
  // for Date.parse) read as 1 ms after 1970, "March 7, 2020" failed every run, and 2024-02-30 (1 March for Date.parse)
  // too. Only what Elasticsearch reads as Date.parse did, or date math, may be saved.
  it.each([['1'], ['20'], ['March 7, 2020'], ['Wed, 03 Jan 2024 10:15:00 GMT'], ['2024-02-30']])(
    'a time range bound Elasticsearch would read otherwise (%j) is refused naming the field',
    (from) => {
      const r = validateAnalysis(
        { features: [{ field: 'a' }], indexPattern: 'logs-*', timeRange: { from, to: 'now' } },
        { requireSource: true },
      );
      expect(!r.ok && r.errors).toEqual([{ path: 'timeRange.from', message: expect.stringMatching(/ISO 8601/) }]);
    },
  );

  it.each([['2024-05-01'], ['2024-05-01T12:00:00Z'], ['2024-05-01T12:00:00.123+02:00'], ['now-7d/d']])(
    'an ISO 8601 date or date math (%j) is a time range bound',
    (from) => {
      const r = validateAnalysis(
        { features: [{ field: 'a' }], indexPattern: 'logs-*', timeRange: { from, to: '2030-01-01' } },
        { requireSource: true },
      );
      expect(r.ok && r.analysis.timeRange).toEqual({ from, to: '2030-01-01' });
    },
  );

  it('YAML tags that would build functions or objects are not understood', () => {
    expect(parseAnalysisText('x: !!js/function "function () { return 1 }"').ok).toBe(false);
    expect(parseAnalysisText('x: !!python/object/apply:os.system ["id"]').ok).toBe(false);
    // JSON schema: dates stay strings, so nothing but plain data reaches validation.
    expect(parseAnalysisText('x: 2026-01-01')).toEqual({ ok: true, value: { x: '2026-01-01' } });
  });
});

describe('schedule', () => {
  const base = { packs: ['dns'] };
  it('reads {interval} or a bare interval, as Task Manager writes intervals', () => {
    const a = validateAnalysis({ ...base, schedule: { interval: '6h' } });
    const b = validateAnalysis({ ...base, schedule: '90s' });
    expect(a.ok && a.analysis.schedule).toEqual({ interval: '6h' });
    expect(b.ok && b.analysis.schedule).toEqual({ interval: '90s' });
    const none = validateAnalysis(base);
    expect(none.ok && none.analysis.schedule).toBeUndefined();
  });
  it.each([['10s'], ['0m'], ['1w'], ['6 h'], ['1h30m'], [6], [{ every: '1h' }], [{ interval: '1h', x: 1 }]])(
    'refuses %j naming the field',
    (schedule) => {
      const r = validateAnalysis({ ...base, schedule });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.every((e) => e.path.startsWith('schedule'))).toBe(true);
    },
  );
});
