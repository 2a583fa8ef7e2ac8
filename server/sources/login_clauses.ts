/**
 * The source table pushed into the login query: one clause per listed dataset matching that family's interactive
 * logins whatever `event.type` its pipeline writes, plus the generic ECS rule for every other dataset. The
 * normaliser re-judges each hit with the same table, so a clause may be looser than the verdict, never stricter.
 */
import { KNOWN_DATASETS, SOURCE_FAMILIES } from './table';
import type { SourceFamily } from './types';

type Query = Record<string, unknown>;

export const inDatasets = (datasets: readonly string[]): Query => ({
  bool: {
    should: [{ terms: { 'data_stream.dataset': [...datasets] } }, { terms: { 'event.dataset': [...datasets] } }],
    minimum_should_match: 1,
  },
});

/** One family's successful interactive logins, without its dataset clause. */
export function familyLoginClause(family: SourceFamily): Query {
  return {
    bool: {
      filter: [family.loginClause],
      // Some pipelines write no outcome on a successful login (Keycloak LOGIN, Teleport user.login): only a
      // written failure is excluded here.
      must_not: [{ terms: { 'event.outcome': ['failure', 'unknown'] } }],
    },
  };
}

/** `genericClause` is the caller's rule for unlisted sources (category, success, event.type). */
export function sourceLoginClauses(genericClause: Query): Query {
  const families = SOURCE_FAMILIES.filter((f) => f.contributes.logins).map((family) => ({
    bool: { filter: [inDatasets(family.datasets), familyLoginClause(family)] },
  }));
  const generic = { bool: { filter: [genericClause], must_not: [inDatasets(KNOWN_DATASETS)] } };
  return { bool: { should: [generic, ...families], minimum_should_match: 1 } };
}
