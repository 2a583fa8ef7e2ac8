import { ALERTS_TEMPLATE } from './templates';
import { fitToMapping, type UnmappedField } from './fit_mapping';

const properties = (ALERTS_TEMPLATE.body.template.mappings as { properties: Record<string, never> }).properties;

function fit(doc: Record<string, unknown>) {
  const unmapped: UnmappedField[] = [];
  return { doc: fitToMapping(doc, properties, unmapped), unmapped };
}

describe('fitting an alert to the alerts mapping', () => {
  it('leaves a document that fits untouched (the same object)', () => {
    const doc = {
      source: {
        ip: '192.0.2.1',
        as: { number: 1, organization: { name: 'ACME' } },
        geo: { location: { lat: 1, lon: 2 } },
      },
      extra: { any: [1, { x: 2 }] },
    };
    expect(fit(doc).doc).toBe(doc);
  });

  it('moves a concrete value where an object is mapped, and an object where a leaf is mapped, keeping the rest', () => {
    const doc = {
      source: { ip: { v4: '192.0.2.1' }, as: { number: 1, organization: 'ACME' }, geo: 'Rome' },
      user_agent: { original: 'x', os: 'Windows' },
    };
    const { doc: fitted, unmapped } = fit(doc);
    expect(fitted).toEqual({ source: { as: { number: 1 } }, user_agent: { original: 'x' } });
    expect(unmapped).toEqual([
      { field: 'source.ip', value: '{"v4":"192.0.2.1"}' },
      { field: 'source.as.organization', value: '"ACME"' },
      { field: 'source.geo', value: '"Rome"' },
      { field: 'user_agent.os', value: '"Windows"' },
    ]);
    expect(doc.source.as.organization).toBe('ACME'); // the input is not changed
  });

  it('moves field names Elasticsearch cannot parse, mapped or not, and dotted keys that run through a leaf', () => {
    const { doc, unmapped } = fit({
      source: { '': 1, 'a..b': 2, 'ip.v4': '192.0.2.1', 'as.number': 7, vendor: { ' ': 3, ok: 4 } },
    });
    expect(doc).toEqual({ source: { 'as.number': 7, vendor: { ok: 4 } } });
    expect(unmapped.map((u) => u.field)).toEqual(['source.', 'source.a..b', 'source.ip.v4', 'source.vendor. ']);
  });

  it('takes arrays of objects under an object mapping and arrays of values under a leaf', () => {
    const doc = { source: { geo: [{ city_name: 'Rome' }], domain: ['a', 'b'] } };
    expect(fit(doc).doc).toBe(doc);
    expect(fit({ source: { domain: ['a', { b: 1 }] } }).unmapped).toEqual([
      { field: 'source.domain', value: '["a",{"b":1}]' },
    ]);
  });
});
