/**
 * "Trust this network for everyone" (issue 12, feedback): from an alert whose reason is a network, what the analyst
 * may add to the space's trusted networks (`impossibleTravel.trustedCidrs` / `trustedAsns`), and the rules any such
 * entry must pass. Shared by the alert flyout (which proposes and saves through `PUT /api/buffalogs/settings`) and the
 * settings route (which refuses what these rules refuse, whoever sends it). Pure; no Kibana imports (browser too).
 *
 * Which signals are "about a network" (NETWORK_SIGNALS), and why:
 * - new_network, new_network_for_device, rare_network: the AS itself is the finding;
 * - unfamiliar_address: the /24 or /48 is the finding;
 * - impossible_travel, stolen_session: the journey ends on this login's address — a VPN or proxy egress far from
 *   the user makes exactly these, and a trusted network is never a travel end.
 * Not offered: anonymous_ip (an anonymiser is shared by strangers: trusting it would clear every attacker using it),
 * and the country, device and habit signals (no network to trust: "mark safe" teaches those to the user).
 */
import type { AlertDocument, VerdictSignal } from './alert_document';
import type { DetectionConfig } from './detection_config';
import type { ConfigError } from './config_table';
import { parseCidr, parseIp, type IpRange } from './ip_ranges';

export const NETWORK_SIGNALS: ReadonlySet<string> = new Set([
  'new_network',
  'new_network_for_device',
  'rare_network',
  'unfamiliar_address',
  'impossible_travel',
  'stolen_session',
]);

/**
 * The widest range a trusted entry may be: IPv4 /8 (the largest block ever held by one organisation), IPv6 /19 (the
 * largest regional-registry allocations to one provider). Anything wider (`0.0.0.0/0`, `::/0`) trusts strangers.
 */
export const MIN_TRUSTED_PREFIX = { v4: 8, v6: 19 } as const;

export interface TrustCandidate<T> {
  value: T;
  /** Why it cannot be trusted (on the anonymiser list, already trusted…): then it is shown, not offered. */
  refused?: string;
}

export interface TrustProposal {
  /** The network signals of the alert that trusting would silence (their ids). */
  signals: string[];
  /** The login's /24 (IPv4) or /48 (IPv6) and the address it came from. */
  cidr?: TrustCandidate<string> & { ip: string };
  /** The login's AS, with its organisation's name when the event carried one. */
  asn?: TrustCandidate<number> & { organization?: string };
  /** Nothing may be offered for the whole alert (an anonymiser): the reason. */
  refused?: string;
}

/** The /24 or /48 of an address, as a CIDR; undefined for anything that is not an address. */
export function networkOfAddress(ip: string): string | undefined {
  const parsed = parseIp(ip);
  if (!parsed) return undefined;
  if (parsed.v === 4) {
    const n = parsed.n;
    return `${Math.floor(n / 16777216)}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.0/24`;
  }
  const groups = [0, 4, 8].map((i) => parseInt(parsed.hex.slice(i, i + 4), 16).toString(16));
  return `${groups.join(':')}::/48`;
}

const overlaps = (a: IpRange, b: IpRange) => a.v === b.v && a.start <= b.end && b.start <= a.end;

/** The first anonymiser range of `config` that overlaps `cidr`, if any. */
function anonymiserOverlap(cidr: IpRange, config: DetectionConfig): string | undefined {
  for (const text of config.anonymousIp.cidrs) {
    const range = parseCidr(text);
    if (range && overlaps(cidr, range)) return text;
  }
  return undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const objectOf = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The AS organisation's name, as ECS writes it (`source.as.organization.name`) or as a plain string. */
function organizationOf(as: Record<string, unknown>): string | undefined {
  const org = as.organization;
  if (typeof org === 'string') return str(org);
  if (typeof org === 'object' && org !== null) return str((org as Record<string, unknown>).name);
  return undefined;
}

/**
 * What "Trust this network for everyone" would add for this alert, against the settings in force (`config`: the
 * effective settings the settings route returns). Undefined when the alert has no network signal.
 */
export function proposeTrust(alert: AlertDocument, config: DetectionConfig): TrustProposal | undefined {
  // A stored alert (another writer's, hand-edited) may lack any part or hold another type: read as `unknown`; the
  // flyout that asks threw on a verdict whose signals were no list.
  const evidence = objectOf(objectOf(alert.buffalogs).evidence);
  const signals = (
    evidence.kind === 'verdict'
      ? (Array.isArray(evidence.signals) ? evidence.signals : []).map((s: unknown) => str(objectOf(s).id))
      : evidence.kind === 'travel'
        ? ['impossible_travel']
        : evidence.kind === 'anonymous_ip'
          ? ['anonymous_ip']
          : []
  ).filter((id): id is VerdictSignal['id'] => id !== undefined);
  const network = signals.filter((id) => NETWORK_SIGNALS.has(id));
  if (network.length === 0) return undefined;
  const proposal: TrustProposal = { signals: network };
  if (signals.includes('anonymous_ip')) {
    proposal.refused = 'The login came through an anonymiser (VPN service, Tor, proxy): it is never trusted.';
    return proposal;
  }
  const source = objectOf(alert.source);
  const as = objectOf(source.as);
  const to = evidence.kind === 'travel' ? objectOf(evidence.to) : {};
  const ip = str(source.ip) ?? str(to.ip);
  const asNumber =
    typeof as.number === 'number' ? as.number : typeof to.as_number === 'number' ? to.as_number : undefined;
  const cidr = ip !== undefined ? networkOfAddress(ip) : undefined;
  if (ip !== undefined && cidr !== undefined) {
    const range = parseCidr(cidr)!;
    const anon = anonymiserOverlap(range, config);
    const trusted = config.impossibleTravel.trustedCidrs.find((t) => {
      const r = parseCidr(t);
      return r !== undefined && r.v === range.v && r.start <= range.start && range.end <= r.end;
    });
    proposal.cidr = {
      value: cidr,
      ip,
      ...(anon
        ? { refused: `${cidr} overlaps the anonymiser list (${anon})` }
        : trusted
          ? { refused: `already trusted (${trusted})` }
          : {}),
    };
  }
  if (asNumber !== undefined && Number.isSafeInteger(asNumber) && asNumber >= 0) {
    const organization = organizationOf(as) ?? str(to.as_organization);
    proposal.asn = {
      value: asNumber,
      ...(organization ? { organization } : {}),
      ...(config.anonymousIp.asns.includes(asNumber)
        ? { refused: `AS${asNumber} is on the anonymiser list` }
        : config.impossibleTravel.trustedAsns.includes(asNumber)
          ? { refused: 'already trusted' }
          : {}),
    };
  }
  return proposal;
}

/**
 * The trusted lists with the chosen entries added (the effective lists: they include kibana.yml's, since a saved
 * list replaces it), for `PUT /api/buffalogs/settings`'s `overrides`.
 */
export function trustedListsWith(
  config: DetectionConfig,
  add: { cidr?: string; asn?: number },
): { trustedCidrs: string[]; trustedAsns: number[] } {
  const cidrs = [...config.impossibleTravel.trustedCidrs];
  const asns = [...config.impossibleTravel.trustedAsns];
  if (add.cidr !== undefined && !cidrs.includes(add.cidr)) cidrs.push(add.cidr);
  if (add.asn !== undefined && !asns.includes(add.asn)) asns.push(add.asn);
  return { trustedCidrs: cidrs, trustedAsns: asns };
}

/**
 * What the settings route refuses in the merged settings: a trusted range wider than MIN_TRUSTED_PREFIX, and a
 * trusted range or AS on the anonymiser list (an anonymiser is never trusted; the detection core also never trusts a
 * login the anonymiser lists match, kibana.yml's list files included).
 */
export function trustedNetworkErrors(config: DetectionConfig): ConfigError[] {
  const errors: ConfigError[] = [];
  config.impossibleTravel.trustedCidrs.forEach((text, i) => {
    const range = parseCidr(text);
    if (!range) return; // the table's own check reports it
    const path = `impossibleTravel.trustedCidrs[${i}]`;
    // An IPv4 range's width from the range itself: `::ffff:0.0.0.0/96` is written /96 but is all of IPv4 (a /0).
    const slash = text.indexOf('/');
    const prefix =
      range.v === 4 ? 32 - Math.log2(range.end - range.start + 1) : slash >= 0 ? Number(text.slice(slash + 1)) : 128;
    const min = range.v === 4 ? MIN_TRUSTED_PREFIX.v4 : MIN_TRUSTED_PREFIX.v6;
    if (prefix < min)
      errors.push({ path, message: `"${text}" is too wide to trust: at most a /${min} (IPv${range.v})` });
    else {
      const anon = anonymiserOverlap(range, config);
      if (anon) errors.push({ path, message: `"${text}" overlaps the anonymiser list (${anon}): never trusted` });
    }
  });
  config.impossibleTravel.trustedAsns.forEach((asn, i) => {
    if (config.anonymousIp.asns.includes(asn))
      errors.push({
        path: `impossibleTravel.trustedAsns[${i}]`,
        message: `AS${asn} is on the anonymiser list: never trusted`,
      });
  });
  return errors;
}
