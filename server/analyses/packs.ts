/**
 * Packs shipped with the plugin. A pack is data in the analysis format (features and flags naming built-in metrics
 * and flag kinds), validated like any user input when an analysis lists it under `packs:`; importing one runs nothing.
 */
export interface PackDocument {
  description: string;
  features: unknown[];
  flags?: unknown[];
}

const HOST = 'dns.question.name';

export const BUILTIN_PACKS: Readonly<Record<string, PackDocument>> = Object.freeze({
  /** anomal's DNS example (its metric and flag names), with what its plugin could not see: rarity in the data itself. */
  dns: {
    description:
      'DNS lookups: size, digits and entropy of the queried name (anomal names), its rarity in the data, beaconing',
    features: [
      { name: 'hostname_bytes', metric: 'byte_length', field: HOST },
      { name: 'numbers_in_hostname', metric: 'digit_count', field: HOST },
      { name: 'hostname_entropy', metric: 'entropy', field: HOST, params: { round: 2 } },
      { name: 'hostname_vowel_ratio', metric: 'char_class_ratio', field: HOST, params: { class: 'vowel' } },
      { name: 'hostname_ngram_rarity', metric: 'ngram_rarity', field: HOST, params: { n: 3 }, weight: 2 },
      { name: 'hostname_labels', metric: 'label_depth', field: HOST },
      { name: 'domain_rarity', metric: 'registered_domain_rarity', field: HOST, weight: 2 },
      { name: 'query_type', field: 'dns.question.type', type: 'categorical', weight: 0.5 },
    ],
    flags: [
      {
        name: 'beaconing_detector',
        severity: 'medium',
        description:
          'One host looks the same name up at regular intervals (jitter within 10 %), as implants calling home do',
        beaconing: { source: 'source.ip', destination: HOST, jitter: 0.1, threshold: 0.7, minEvents: 8 },
      },
      {
        name: 'txt_query_payload',
        severity: 'high',
        description: 'A TXT lookup whose name carries a long encoded label: data smuggled out in DNS queries',
        when: {
          all: [
            { field: 'dns.question.type', op: 'eq', value: 'TXT', ignoreCase: true },
            { field: HOST, op: 'base64_token', value: 24 },
          ],
        },
      },
    ],
  },
  /** Where, from which network and device, and when an account signs in (the login family's signals, unsupervised). */
  logins: {
    description: 'Logins: country, ASN, device and hour of the sign-in, new user×country pairs, bursts of failures',
    features: [
      { name: 'country', field: 'source.geo.country_iso_code', type: 'categorical', weight: 2 },
      { name: 'asn', field: 'source.as.number', type: 'categorical', weight: 1 },
      { name: 'device', field: 'user_agent.os.name', type: 'categorical', weight: 1 },
      { name: 'browser', field: 'user_agent.name', type: 'categorical', weight: 0.5 },
      { name: 'hour', metric: 'hour_of_day', field: '@timestamp' },
      { name: 'user_logins_per_hour', metric: 'count_per_entity', field: 'user.name', params: { window: '1h' } },
    ],
    flags: [
      {
        name: 'rare_user_country',
        severity: 'medium',
        description: 'A user seen often signs in from a country seen once for them',
        rarePair: { a: 'user.name', b: 'source.geo.country_iso_code', maxCount: 1, minTotal: 20 },
      },
      {
        name: 'rare_user_asn',
        severity: 'low',
        description: 'A user seen often signs in from a network (ASN) seen once for them',
        rarePair: { a: 'user.name', b: 'source.as.number', maxCount: 1, minTotal: 20 },
      },
      {
        name: 'login_volume_spike',
        severity: 'medium',
        description: "A user's logins in one hour far above their usual hourly count",
        volumeSpike: { entity: 'user.name', window: '1h', factor: 5, minCount: 20 },
      },
    ],
  },
});
