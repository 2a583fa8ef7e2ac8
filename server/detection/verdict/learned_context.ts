/**
 * What the login family learned across users, summarised for people (issue 12: "context learned from the data, with
 * no configuration needed, all of it visible and overridable in Settings"): `GET /api/buffalogs/learned_context` and
 * Settings › Learned context. Pure: stored snapshots (untrusted: restored by PopulationContext.restore, which skips
 * malformed parts) and the effective settings in, the response out; no clock, no I/O.
 */
import {
  LEARNED_CONTEXT_MAX_ROWS,
  type LearnedContextResponse,
  type LearnedCount,
  type LearnedList,
  type LearnedNetwork,
} from '../../../common/learned_context';
import type { DetectionConfig } from '../../../common/detection_config';
import { IpRangeSet, parseCidr } from '../../../common/ip_ranges';
import type { KeyCount } from '../context/distinct_users';
import { CARRIER_MIN_LOGINS, EGRESS_MIN_USERS, PopulationContext, ROTATING_MIN_USERS } from './population_context';

export interface StoredPopulation {
  /** The stored documents' `snapshot` fields, one per partition (anything: they come from an index). */
  snapshots: unknown[];
  /** The newest `updated_at` among them (ISO), when one was readable. */
  updatedAt?: string;
}

/** Settings the summary reads (the effective detection config's). */
export type LearnedContextSettings = Pick<DetectionConfig, 'verdict' | 'impossibleTravel' | 'baseline'>;

export function summariseLearnedContext(
  stored: StoredPopulation,
  settings: LearnedContextSettings,
  maxRows = LEARNED_CONTEXT_MAX_ROWS,
): LearnedContextResponse {
  const { verdict, impossibleTravel } = settings;
  const context = new PopulationContext({
    orgMinUsersPerPrefix: verdict.orgMinUsersPerPrefix,
    carrierMobileShare: verdict.carrierMobileShare,
  });
  let used = 0;
  let skippedParts = 0;
  for (const snapshot of stored.snapshots) {
    const r = context.restore(snapshot);
    if (r.used) used++;
    skippedParts += r.skipped;
  }
  const ignoredDocuments = stored.snapshots.length - used;
  const learned = context.learned();
  const trustedCidrs = new IpRangeSet(impossibleTravel.trustedCidrs);
  const trustedAsns = new Set(impossibleTravel.trustedAsns);
  const min = verdict.orgMinUsersPerPrefix;

  const networks: LearnedNetwork[] = [];
  for (const p of learned.prefixes) {
    const range = parseCidr(p.key);
    // A stored key that is not a /24 or /48 was not written by a pass: not shown.
    if (!range) {
      skippedParts++;
      continue;
    }
    const first = firstAddress(p.key);
    const base = {
      prefix: p.key,
      users: p.users,
      saturated: p.saturated,
      trusted: first !== undefined && trustedCidrs.has(first),
      ...lastSeen(p),
    };
    const colleagues = `${p.users}${p.saturated ? '+' : ''} colleagues log in from here`;
    if (p.rotating)
      networks.push({
        ...base,
        kind: 'rotating_exit',
        rotatingUsers: p.rotating.rotating,
        reason:
          `VPN service exit: ${p.rotating.rotating} of its ${p.rotating.users} colleagues rotate between it and ` +
          'another exit abroad — strangers share it, so it is not trusted as the organisation’s network.',
      });
    else if (p.farArrivals >= EGRESS_MIN_USERS)
      networks.push({
        ...base,
        kind: 'egress',
        farArrivals: p.farArrivals,
        reason:
          `${colleagues}, and ${p.farArrivals} arrived from another country faster than any journey: the ` +
          'organisation’s egress (VPN concentrator, virtual desktops) — its location says nothing about where they are.',
      });
    else
      networks.push({
        ...base,
        kind: 'office',
        reason: `${colleagues}: treated as the organisation’s network — not evidence of travel or novelty.`,
      });
  }

  const carriers = learned.carriers
    .filter((c) => c.carrier)
    .map((c) => ({
      asn: c.asn,
      mobileLogins: c.mobile,
      logins: c.all,
      mobileShare: c.all ? c.mobile / c.all : 0,
      trusted: trustedAsns.has(c.asn),
    }))
    .sort((a, b) => b.logins - a.logins || a.asn - b.asn);

  const countries = learned.countries.map((c) => count(c));
  const asns = learned.asns.map((c) => ({ ...count(c), trusted: trustedAsns.has(Number(c.key)) }));

  const empty = learned.population === 0 && networks.length === 0 && carriers.length === 0;
  const learning = verdict.enabled === true && settings.baseline.store === 'per_attribute';
  const messages: string[] = [];
  if (used === 0 || empty)
    messages.push(
      learning
        ? 'Nothing learned yet: the detection task has not stored what it learns in this space (it does after its first pass over logins).'
        : 'Nothing learned: the verdict is off (or the baseline is not per attribute) in these settings, so passes learn nothing.',
    );
  if (ignoredDocuments) messages.push(`${ignoredDocuments} stored document(s) could not be read and were ignored.`);
  if (skippedParts) messages.push(`${skippedParts} malformed stored part(s) were skipped.`);

  return {
    learned: used > 0 && !empty,
    learning,
    ...(messages.length ? { message: messages.join(' ') } : {}),
    ...(stored.updatedAt ? { updatedAt: stored.updatedAt } : {}),
    documents: stored.snapshots.length,
    ignoredDocuments,
    skippedParts,
    population: learned.population,
    thresholds: {
      orgMinUsersPerPrefix: min,
      carrierMobileShare: verdict.carrierMobileShare,
      carrierMinLogins: CARRIER_MIN_LOGINS,
      egressMinUsers: EGRESS_MIN_USERS,
      rotatingMinUsers: ROTATING_MIN_USERS,
      rareShare: verdict.rareShare,
      minPopulation: verdict.minPopulation,
    },
    trustedCidrs: [...impossibleTravel.trustedCidrs],
    trustedAsns: [...impossibleTravel.trustedAsns],
    networks: bounded(networks, maxRows),
    carriers: bounded(carriers, maxRows),
    countries: bounded(countries, maxRows),
    asns: bounded(asns, maxRows),
  };
}

function bounded<T>(items: T[], maxRows: number): LearnedList<T> {
  return { total: items.length, items: items.slice(0, maxRows) };
}

function count(c: KeyCount): LearnedCount {
  return { value: c.key, users: c.users, saturated: c.saturated };
}

function lastSeen(c: KeyCount): { lastSeen?: string } {
  const t = c.lastSeen;
  // Date's range: ±8.64e15 ms; a stored value past it would throw in toISOString.
  return Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? { lastSeen: new Date(t).toISOString() } : {};
}

/** `93.34.200.0/24` → `93.34.200.0`. */
function firstAddress(prefix: string): string | undefined {
  const slash = prefix.indexOf('/');
  return slash > 0 ? prefix.slice(0, slash) : undefined;
}
