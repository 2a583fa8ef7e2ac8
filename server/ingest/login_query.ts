/**
 * The Elasticsearch side of "what is a login": the same rule the normaliser (server/events/) applies to each hit,
 * pushed into the query so non-logins never leave the cluster, plus the window and the user filter.
 *
 * Unlike BuffaLogs (spec §5.2): the window is `(from, to]` in epoch milliseconds (no gap, no overlap between
 * consecutive windows), users are filtered with their names exactly as stored (BuffaLogs lower-cased them first and
 * so never read mixed-case users), and `_source` carries exactly what the normaliser and the alerts need.
 */
import type { EventTypeRule } from '../events';
import { SOURCE_TABLE_FIELDS, sourceLoginClauses } from '../sources';

/** Every field normalizeLogin reads; `source` and `user_agent` whole, because alerts copy them as they are. */
export const LOGIN_SOURCE_FIELDS = [
  '@timestamp',
  'event.category',
  'event.outcome',
  'event.type',
  'event.id',
  'user.name',
  'source',
  'user_agent',
  // What the source table (server/sources/) reads to judge each family's events.
  ...SOURCE_TABLE_FIELDS.filter((f) => !f.startsWith('source.') && f !== 'user.name'),
];

export interface LoginFilter {
  /** Exclusive start, epoch ms; absent = unbounded. */
  from?: number;
  /** Inclusive end, epoch ms. */
  to: number;
  eventType: EventTypeRule;
  /** A validated Query DSL object (config `extraQuery`), ANDed with the rest. */
  extraQuery?: Record<string, unknown>;
  /** What "the login names a person" means: by default `user.name` exists (the pass keyed by stored names). */
  personClause?: Query;
}

export type Query = Record<string, unknown>;

export function windowRange(filter: Pick<LoginFilter, 'from' | 'to'>): Query {
  return {
    range: {
      '@timestamp': {
        ...(filter.from !== undefined ? { gt: filter.from } : {}),
        lte: filter.to,
        format: 'epoch_millis',
      },
    },
  };
}

function eventTypeClause(rule: EventTypeRule): Query | undefined {
  if (rule === 'any') return undefined;
  const start = { term: { 'event.type': 'start' } };
  if (rule === 'start') return start;
  return {
    bool: { should: [start, { bool: { must_not: { exists: { field: 'event.type' } } } }], minimum_should_match: 1 },
  };
}

/** The generic ECS rule for sources the table does not list: successful authentication, with the `eventType` rule. */
export function genericLoginClause(rule: EventTypeRule): Query {
  const generic: Query[] = [{ term: { 'event.category': 'authentication' } }, { term: { 'event.outcome': 'success' } }];
  const typeClause = eventTypeClause(rule);
  if (typeClause) generic.push(typeClause);
  return { bool: { filter: generic } };
}

/**
 * Logins with a user name inside the window: for the datasets the source table lists, each family's own login rule
 * (many of Elastic's pipelines write real logins as `event.type: info`); for any other source, successful
 * authentication with the `eventType` rule, as before.
 */
export function loginQuery(filter: LoginFilter, extra: Query[] = []): Query {
  const clauses: Query[] = [
    windowRange(filter),
    filter.personClause ?? { exists: { field: 'user.name' } },
    sourceLoginClauses(genericLoginClause(filter.eventType)),
  ];
  if (filter.extraQuery) clauses.push(filter.extraQuery);
  return { bool: { filter: [...clauses, ...extra] } };
}
