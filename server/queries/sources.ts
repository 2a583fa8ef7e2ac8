/**
 * The Sources view's aggregations (issue 14): the credential families' alerts grouped by the attacking address
 * (`source.ip`, which every credential alert copies from its triggering event) and its network, with the users each
 * address targeted, the accounts compromised from it, first and last seen, and a timeline of attacks and
 * compromises. Trusted shared addresses (`filtered` notices) are left out: they are the opposite of an attack.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { AttackingNetwork, AttackingSource, SourcesResponse, SourcesTimelineBucket } from '../../common/api';
import { CREDENTIAL_FAMILIES } from '../../common/credential_evidence';
import { parseIsoTimestamp } from '../../common/iso_timestamp';
import { CREDENTIAL_FAMILY } from '../families/credential/judge';
import { badRequest } from '../routes/errors';
import { aggregationSearch } from './aggregation_search';
import {
  assertFromBeforeTo,
  HISTOGRAM_INTERVAL_MS,
  histogramBuckets,
  MAX_HISTOGRAM_BUCKETS,
  resolveInterval,
} from './alert_stats';

const DAY = 86_400_000;
const ATTACK_KINDS = ['credential_attack', 'account_attack', 'mfa_fatigue'];
const COMPROMISED = { term: { 'buffalogs.evidence.kind': 'compromised_account' } };
/** Accounts listed per address at most (the count stays exact in `compromised_accounts`). */
const MAX_COMPROMISED_LISTED = 100;

export interface SourcesInput {
  from: string;
  to: string;
  user?: string;
  size: number;
}

/** `from`/`to` default to the last 30 days, as the app's other pages. */
export function sourcesRange(
  from: string | undefined,
  to: string | undefined,
  now: number,
): { from: string; to: string } {
  const toMs = to ? Date.parse(to) : now;
  const fromMs = from ? Date.parse(from) : toMs - 30 * DAY;
  // As the alert charts (alert_stats.ts histogramInterval): a lone `from` after now reversed the timeline's bounds.
  assertFromBeforeTo(fromMs, toMs, String(from), to ?? 'now');
  // The timeline's empty buckets span the whole range: cap them as the alert charts do (search.max_buckets is 65,536,
  // and from=0001-01-01 made Elasticsearch build that many monthly buckets before refusing: a 502).
  const buckets = histogramBuckets(resolveInterval('auto', fromMs, toMs), fromMs, toMs);
  if (buckets > MAX_HISTOGRAM_BUCKETS)
    throw badRequest(
      `[request query.from]: this range makes ${buckets} timeline buckets, more than ${MAX_HISTOGRAM_BUCKETS}; choose a shorter range`,
    );
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
}

/** Attack alerts read for when their attack began (a few: one attack is usually one or two alerts). */
const STARTS_READ = 5;

/**
 * First and last seen. An attack alert is written when the attack is recognised, hours after it began (a spray
 * crosses its threshold at its 20th user): its time said when the attack was noticed, not when it was first seen. The
 * evidence has the beginning (a stuffing or spray alert's `firstFailure`, a compromised account's `attack.started`),
 * not indexed (the alerts mapping indexes what lists filter on): the oldest of those alerts' _source carry it.
 */
const seenAggs = {
  first: { min: { field: '@timestamp' } },
  last: { max: { field: '@timestamp' } },
  began: {
    // The address-keyed family's only: a credential_user attack (and its compromised account's `attack.started`)
    // began on the account, perhaps from other addresses, not from this one.
    filter: {
      bool: {
        filter: [
          { term: { 'buffalogs.family': CREDENTIAL_FAMILY } },
          { terms: { 'buffalogs.evidence.kind': ['credential_attack', 'compromised_account'] } },
        ],
      },
    },
    aggs: {
      oldest: {
        top_hits: {
          size: STARTS_READ,
          sort: [{ '@timestamp': 'asc' }],
          _source: ['buffalogs.evidence.firstFailure', 'buffalogs.evidence.attack.started'],
        },
      },
    },
  },
};

export function buildSourcesSearch(index: string, input: SourcesInput): estypes.SearchRequest {
  const interval = resolveInterval('auto', Date.parse(input.from), Date.parse(input.to));
  const networkAggs = {
    addresses: { cardinality: { field: 'source.ip' } },
    compromised: { filter: COMPROMISED, aggs: { users: { cardinality: { field: 'user.name' } } } },
    ...seenAggs,
  };
  return {
    // A space before its first pass has no alerts index: empty, as the other views, not a 404 shown as an error.
    ...aggregationSearch(index),
    query: {
      bool: {
        filter: [
          { terms: { 'buffalogs.family': [...CREDENTIAL_FAMILIES] } },
          // `to` excluded, so a day's range is 24 hourly buckets and not 25.
          { range: { '@timestamp': { gte: input.from, lt: input.to } } },
          { exists: { field: 'source.ip' } },
          ...(input.user ? [{ term: { 'user.name': input.user } }] : []),
        ],
        must_not: [{ term: { 'buffalogs.filtered': true } }],
      },
    },
    aggs: {
      total: { cardinality: { field: 'source.ip' } },
      compromised_accounts: { filter: COMPROMISED, aggs: { users: { cardinality: { field: 'user.name' } } } },
      sources: {
        terms: { field: 'source.ip', size: input.size, order: [{ _count: 'desc' }, { _key: 'asc' }] },
        aggs: {
          ...seenAggs,
          rules: { terms: { field: 'rule.id', size: 10 } },
          users_named: { cardinality: { field: 'user.name' } },
          sample: { terms: { field: 'user.name', size: 5 } },
          compromised: {
            filter: COMPROMISED,
            aggs: { users: { terms: { field: 'user.name', size: MAX_COMPROMISED_LISTED, order: { _key: 'asc' } } } },
          },
          attack: {
            filter: { terms: { 'buffalogs.evidence.kind': ATTACK_KINDS } },
            aggs: {
              // The evidence's counts are not indexed (alerts map only what lists filter on); the newest attack's
              // _source carries them.
              newest: {
                top_hits: {
                  size: 1,
                  sort: [{ '@timestamp': 'desc' }],
                  _source: [
                    'buffalogs.alert_id',
                    'buffalogs.evidence.users',
                    'buffalogs.evidence.usersTargeted',
                    'buffalogs.evidence.sampleUsers',
                  ],
                },
              },
            },
          },
        },
      },
      v4: {
        filter: { term: { 'source.ip': '0.0.0.0/0' } },
        aggs: { networks: { ip_prefix: { field: 'source.ip', prefix_length: 24 }, aggs: networkAggs } },
      },
      v6: {
        filter: { bool: { must_not: [{ term: { 'source.ip': '0.0.0.0/0' } }] } },
        aggs: { networks: { ip_prefix: { field: 'source.ip', prefix_length: 48, is_ipv6: true }, aggs: networkAggs } },
      },
      timeline: {
        date_histogram: {
          field: '@timestamp',
          fixed_interval: `${HISTOGRAM_INTERVAL_MS[interval] / 3_600_000}h`,
          min_doc_count: 0,
          extended_bounds: { min: Date.parse(input.from), max: Date.parse(input.to) - 1 },
        },
        aggs: {
          kinds: {
            filters: {
              filters: { attacks: { terms: { 'buffalogs.evidence.kind': ATTACK_KINDS } }, compromised: COMPROMISED },
            },
          },
        },
      },
    },
  };
}

interface Bucket {
  key: string | number;
  key_as_string?: string;
  doc_count: number;
  prefix_length?: number;
  [agg: string]: unknown;
}
type Agg = {
  buckets?: Bucket[];
  value?: number | null;
  value_as_string?: string;
  doc_count?: number;
  [k: string]: unknown;
};

const agg = (b: Record<string, unknown> | undefined, name: string): Agg => (b?.[name] ?? {}) as Agg;
const iso = (a: Agg): string => (typeof a.value === 'number' ? new Date(a.value).toISOString() : '');

/** A stored count, if it is one (the alert's _source is read as any writer left it). */
const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;

/** A bucket's first seen: its first alert, or earlier the beginning its attack alerts' evidence gives (seenAggs). */
function firstSeen(b: Bucket): string {
  const first = agg(b, 'first');
  let at = typeof first.value === 'number' ? first.value : Infinity;
  const hits = (agg(agg(b, 'began'), 'oldest').hits as { hits?: Array<{ _source?: unknown }> } | undefined)?.hits;
  for (const hit of hits ?? []) {
    const evidence = (hit._source as { buffalogs?: { evidence?: Record<string, unknown> } } | undefined)?.buffalogs
      ?.evidence;
    const attack = evidence?.attack as { started?: unknown } | undefined;
    for (const text of [evidence?.firstFailure, attack?.started]) {
      // Another writer's text may be anything: only an instant Elasticsearch would read counts.
      const ms = typeof text === 'string' ? parseIsoTimestamp(text) : undefined;
      if (ms !== undefined && ms < at) at = ms;
    }
  }
  return at === Infinity ? '' : new Date(at).toISOString();
}

/** The network an address belongs to, as the v4 /24 and v6 /48 aggregations name theirs. */
export function networkOf(address: string): string {
  if (address.includes(':')) {
    const groups = address.split('::')[0].split(':').slice(0, 3);
    while (groups.length < 3) groups.push('0');
    return `${groups.map((g) => g || '0').join(':')}::/48`;
  }
  const parts = address.split('.');
  return parts.length === 4 ? `${parts.slice(0, 3).join('.')}.0/24` : address;
}

function shapeSource(b: Bucket): AttackingSource {
  const address = String(b.key);
  const newest = ((agg(agg(b, 'attack'), 'newest').hits as { hits?: Array<{ _source?: unknown }> } | undefined)?.hits ??
    [])[0]?._source as
    | {
        buffalogs?: {
          alert_id?: string;
          evidence?: { users?: unknown; usersTargeted?: unknown; sampleUsers?: unknown };
        };
      }
    | undefined;
  const evidence = newest?.buffalogs?.evidence;
  const named = (agg(b, 'sample').buckets ?? []).map((s) => String(s.key));
  const sample = Array.isArray(evidence?.sampleUsers)
    ? evidence.sampleUsers.filter((u): u is string => typeof u === 'string').slice(0, 5)
    : named;
  const namedCount = agg(b, 'users_named').value ?? 0;
  return {
    address,
    network: networkOf(address),
    first_seen: firstSeen(b),
    last_seen: iso(agg(b, 'last')),
    alerts: b.doc_count,
    rules: (agg(b, 'rules').buckets ?? []).map((r) => String(r.key)),
    // The newest attack's users since it began (its alert follows the attack: server/families/credential/judge.ts);
    // alerts written before attacks were followed have only the users counted when it was recognised.
    users_targeted: Math.max(count(evidence?.usersTargeted) ?? count(evidence?.users) ?? 0, namedCount),
    sample_users: sample,
    compromised: (agg(agg(b, 'compromised'), 'users').buckets ?? []).map((u) => String(u.key)),
    ...(newest?.buffalogs?.alert_id ? { attack_alert_id: newest.buffalogs.alert_id } : {}),
  };
}

function shapeNetworks(aggs: Record<string, unknown>, size: number): AttackingNetwork[] {
  const buckets = ['v4', 'v6'].flatMap((v) => agg(agg(aggs, v), 'networks').buckets ?? []);
  return buckets
    .map((b) => ({
      network: `${String(b.key)}/${b.prefix_length ?? ''}`,
      addresses: agg(b, 'addresses').value ?? 0,
      alerts: b.doc_count,
      compromised: agg(agg(b, 'compromised'), 'users').value ?? 0,
      first_seen: firstSeen(b),
      last_seen: iso(agg(b, 'last')),
    }))
    .sort((a, b) => b.compromised - a.compromised || b.alerts - a.alerts || a.network.localeCompare(b.network))
    .slice(0, size);
}

export function shapeSources(response: estypes.SearchResponse, input: SourcesInput): SourcesResponse {
  const aggs = (response.aggregations ?? {}) as Record<string, unknown>;
  const interval = resolveInterval('auto', Date.parse(input.from), Date.parse(input.to));
  const buckets: SourcesTimelineBucket[] = (agg(aggs, 'timeline').buckets ?? []).map((b) => {
    const kinds = (agg(b, 'kinds').buckets ?? {}) as unknown as Record<string, { doc_count: number }>;
    return {
      start: new Date(Number(b.key)).toISOString(),
      attacks: kinds.attacks?.doc_count ?? 0,
      compromised: kinds.compromised?.doc_count ?? 0,
    };
  });
  return {
    sources: (agg(aggs, 'sources').buckets ?? []).map(shapeSource),
    networks: shapeNetworks(aggs, input.size),
    timeline: { interval, buckets },
    total_sources: agg(aggs, 'total').value ?? 0,
    compromised_accounts: agg(agg(aggs, 'compromised_accounts'), 'users').value ?? 0,
  };
}
