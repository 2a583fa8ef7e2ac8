/**
 * Distributed brute force: one account failing from many addresses — a botnet or a proxy list spreading its guesses
 * so no address reaches a per-address limit (and no source-keyed rule sees it). Distinct failing addresses are the
 * signal: a person fails from a few devices at most.
 */
import { attackFigures, type AttackFigures } from './brute_force';
import type { UserThresholds } from './config';
import type { UserState } from './state';

export function distributedBruteForce(state: UserState, at: number, t: UserThresholds): AttackFigures | undefined {
  const figures = attackFigures(state, at, t.distributedWindowMs);
  return figures.addresses >= t.distributedMinAddresses ? figures : undefined;
}
