/**
 * The source table's classification turned into Elasticsearch clauses, so the Source health view can count each
 * kind of event per dataset with a `filters` aggregation instead of reading every event. Each family's `classify`
 * reads one or two fields; where those are keyword values (AUTH_VALUES, the Windows event codes, `event.outcome`),
 * the same test is a term query. What depends on more than a value list (Entra ID's log category, Windows logon
 * types 3/4/5, service accounts matched by name) is not split by query: it stays in "other", and `notByQuery` says so.
 */
import { AUTH_VALUES, type AuthValues } from './auth_values';
import { ENTRA_INTERRUPTS } from './entra_id';
import { familyLoginClause } from './login_clauses';

const ENTRA_RESULT = 'azure.signinlogs.result_type';
import type { AuthKind, SourceFamily } from './types';

type Query = Record<string, unknown>;

/** Kinds a query can count, in the order a document is given to the first one it matches (classify's order). */
export const QUERY_KINDS = ['login', 'mfa', 'failure', 'logout', 'token_refresh'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface KindQueries {
  /** One clause per countable kind (without the dataset clause); exclusive once `exclusiveKindFilters` orders them. */
  clauses: Partial<Record<QueryKind, Query>>;
  /** Kinds this family's classification yields that no clause separates: they are counted as "other". */
  notByQuery: AuthKind[];
}

/** AUTH_VALUES are kept lower-case; pipelines write `ConsoleLogin`, `UserLoggedIn`, `LOGIN`. */
function anyOf(field: string, values: readonly string[]): Query | undefined {
  if (values.length === 0) return undefined;
  return {
    bool: {
      should: values.map((value) => ({ term: { [field]: { value, case_insensitive: true } } })),
      minimum_should_match: 1,
    },
  };
}

const FAILED: Query = { term: { 'event.outcome': 'failure' } };

/** Family id → its AUTH_VALUES entry, where the ids differ. */
const VALUES_KEY: Record<string, keyof typeof AUTH_VALUES> = { m365: 'o365' };

function valuesOf(family: SourceFamily): AuthValues | undefined {
  const key = VALUES_KEY[family.id] ?? family.id;
  return (AUTH_VALUES as Record<string, AuthValues>)[key];
}

/** The clauses of one listed family, or of the generic ECS rule (`family` undefined, `genericLogin` its login). */
export function kindQueries(family: SourceFamily | undefined, genericLogin: Query): KindQueries {
  if (!family) {
    const auth = { term: { 'event.category': 'authentication' } };
    return {
      clauses: {
        login: genericLogin,
        failure: { bool: { filter: [auth, FAILED] } },
        logout: { bool: { filter: [auth, { term: { 'event.type': 'end' } }] } },
      },
      notByQuery: ['mfa', 'token_refresh', 'non_interactive', 'service_logon'],
    };
  }
  if (family.id === 'duo') return { clauses: { mfa: { match_all: {} } }, notByQuery: [] };
  const clauses: Partial<Record<QueryKind, Query>> = {};
  if (family.contributes.logins) clauses.login = familyLoginClause(family);
  const values = valuesOf(family);
  const mfa = values ? anyOf(values.field, Object.values(values.mfa).flat()) : undefined;
  if (mfa) clauses.mfa = mfa;
  if (family.id === 'windows_security') {
    clauses.failure = { term: { 'event.code': '4625' } };
    clauses.logout = { terms: { 'event.code': ['4634', '4647'] } };
  } else if (family.id === 'entra_id') {
    // "Keep me signed in" and similar interrupts are written as failures; the table calls them other.
    clauses.failure = { bool: { filter: [FAILED], must_not: [{ terms: { [ENTRA_RESULT]: ENTRA_INTERRUPTS } }] } };
  } else {
    // Every listed pipeline writes `event.outcome: failure` on a refused sign-in.
    if (family.contributes.failures) clauses.failure = FAILED;
    const logout = values ? anyOf(values.field, values.logout) : undefined;
    if (logout) clauses.logout = logout;
  }
  const refresh = values ? anyOf(values.field, values.tokenRefresh) : undefined;
  if (refresh) clauses.token_refresh = refresh;
  const notByQuery: AuthKind[] = ['service_logon'];
  if (family.id === 'entra_id' || family.id === 'windows_security' || family.id === '1password')
    notByQuery.push('non_interactive');
  if (family.contributes.mfa && !mfa) notByQuery.push('mfa');
  return { clauses, notByQuery };
}

/**
 * Named filters where each document lands in at most one kind: each clause excludes the kinds before it, as
 * `classify` returns its first verdict. The rest of the events (total minus these) are "other".
 */
export function exclusiveKindFilters(queries: KindQueries): Partial<Record<QueryKind, Query>> {
  const filters: Partial<Record<QueryKind, Query>> = {};
  const before: Query[] = [];
  for (const kind of QUERY_KINDS) {
    const clause = queries.clauses[kind];
    if (!clause) continue;
    filters[kind] = before.length ? { bool: { filter: [clause], must_not: [...before] } } : clause;
    before.push(clause);
  }
  return filters;
}
