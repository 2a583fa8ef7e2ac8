/**
 * `GET /api/buffalogs/learned_context` (issue 12): what the login family learned across users in this space, with no
 * configuration — the organisation's networks, the VPN services' rotating exits, the mobile carriers, how many
 * colleagues use each country and AS — and the settings that judge it. Read from the space's stored population
 * (server/families/login/population_store.ts) and summarised by server/detection/verdict/learned_context.ts.
 */
import { API_BASE_PATH } from './constants';

export const LEARNED_CONTEXT_PATH = `${API_BASE_PATH}/learned_context`;

/** Rows per list at most (each list also says how many there are in all). */
export const LEARNED_CONTEXT_MAX_ROWS = 50;

export interface LearnedList<T> {
  /** How many entries were learned (the list holds the first `LEARNED_CONTEXT_MAX_ROWS`, most users first). */
  total: number;
  items: T[];
}

/**
 * `office`: many colleagues log in from it (an office's NAT): the organisation's network, not evidence of travel or
 * novelty. `egress`: the same, and colleagues arrive at it from abroad faster than any journey (a VPN concentrator,
 * virtual desktops): its GeoIP place says nothing about where they are. `rotating_exit`: a VPN service's exit the
 * same colleagues rotate to and from another exit abroad: strangers share it, so it is NOT trusted.
 */
export type LearnedNetworkKind = 'office' | 'egress' | 'rotating_exit';

export interface LearnedNetwork {
  /** The /24 or /48, as a CIDR. */
  prefix: string;
  /** Distinct colleagues counted (the count stops at `orgMinUsersPerPrefix`: `saturated`). */
  users: number;
  saturated: boolean;
  kind: LearnedNetworkKind;
  /** `egress`: colleagues who arrived from another country faster than any journey. */
  farArrivals?: number;
  /** `rotating_exit`: colleagues also counted on one other exit in another country, between which they rotate. */
  rotatingUsers?: number;
  /** Why it is (or is not) treated as the organisation's network, in a sentence. */
  reason: string;
  /** Also trusted explicitly by Settings (`impossibleTravel.trustedCidrs` covers its first address). */
  trusted: boolean;
  /** Last login counted from it (ISO). */
  lastSeen?: string;
}

export interface LearnedCarrier {
  asn: number;
  /** Logins from phones and tablets, and all logins counted, from the AS. */
  mobileLogins: number;
  logins: number;
  /** mobileLogins / logins. */
  mobileShare: number;
  /** Also in `impossibleTravel.trustedAsns`. */
  trusted: boolean;
}

export interface LearnedCount {
  /** A country code, or an AS number as text. */
  value: string;
  /** Distinct colleagues seen using it (the count stops at 1,000: `saturated`). */
  users: number;
  saturated: boolean;
  /** ASes only: also in `impossibleTravel.trustedAsns`. */
  trusted?: boolean;
}

export interface LearnedContextResponse {
  /** False until a detection pass stored a population in this space: the lists are then empty. */
  learned: boolean;
  /** Whether passes learn at all with the effective settings (`verdict.enabled` and `baseline.store: per_attribute`). */
  learning: boolean;
  /** A sentence for people when there is nothing to show, or when some stored parts could not be read. */
  message?: string;
  /** Newest stored update (ISO), and how many stored documents (one per partition) were read and ignored. */
  updatedAt?: string;
  documents: number;
  ignoredDocuments: number;
  /** Malformed parts of the stored documents that were skipped. */
  skippedParts: number;
  /** Distinct users the population counted. */
  population: number;
  /** The thresholds in force (Settings' effective values; the fixed ones are the detector's). */
  thresholds: {
    orgMinUsersPerPrefix: number;
    carrierMobileShare: number;
    carrierMinLogins: number;
    egressMinUsers: number;
    rotatingMinUsers: number;
    rareShare: number;
    minPopulation: number;
  };
  /** The explicit overrides of Settings. */
  trustedCidrs: string[];
  trustedAsns: number[];
  networks: LearnedList<LearnedNetwork>;
  carriers: LearnedList<LearnedCarrier>;
  countries: LearnedList<LearnedCount>;
  asns: LearnedList<LearnedCount>;
}
