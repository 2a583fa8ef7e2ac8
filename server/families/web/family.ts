/**
 * The web family: web server access events (Apache, Nginx, IIS data streams, or `buffalogs import-access-log`)
 * keyed by `source.ip`, judged by five detectors (./detectors/): scanning, flood, burst, exfiltration, malicious
 * referrer. Nothing is required from users without web logs: the default indices are the access data streams, and a
 * pass over patterns that match nothing reads nothing.
 */
import { readFile } from 'node:fs/promises';
import { familyStateIndex, type EsClient, type RetryPolicy } from '../../storage';
import { keyedReader } from '../../runner/keyed_reader';
import { keyedStateStore, type KeyedStates } from '../../runner/keyed_state_store';
import type { DetectionFamily, StateStore } from '../family';
import { judgeWeb, lateCooldowns, lateReferrerAlerts, withLateCooldowns, type WebAlert } from './core';
import { isDomainName, isSiteHost, listedDomain, parseDomainList, referrerHost } from './domain_list';
import type { DomainReputation } from './detectors/detector';
import { reputationService, type ResolvedPending, type Sighting } from './reputation/service';
import { MAX_PENDING_REQUESTS, pendingRequest, type PendingRequest } from './reputation/pending';
import { ReputationStore } from './reputation/store';
import { virusTotalClient, type DomainReport } from './reputation/virustotal';
import { reputationIndex } from '../../storage';
import { normaliseWebEvent, WEB_SOURCE_FIELDS, type WebEvent } from './event';
import { WEB_EXAMPLES } from './examples';
import { webConfigSchema } from './config_schema';
import { defaultWebSettings, webSettingsFrom, type WebSettings } from './settings';
import { mergeWebStates, readWebState, type Timed, type WebState } from './state';

export const WEB_FAMILY_ID = 'web';

/** The offline list inline plus the file's (a file that cannot be read is a warning: the other detectors still run). */
async function maliciousDomains(settings: WebSettings, warn: (message: string) => void): Promise<Set<string>> {
  const inline = parseDomainList(settings.maliciousDomains.join('\n'));
  const domains = new Set(inline.domains);
  for (const bad of inline.bad) warn(`buffalogs.web.maliciousDomains entry ${bad.line}: ${bad.reason}`);
  if (settings.maliciousDomainsFile) {
    try {
      const list = parseDomainList(await readFile(settings.maliciousDomainsFile, 'utf8'));
      for (const d of list.domains) domains.add(d);
      for (const bad of list.bad.slice(0, 20)) warn(`${settings.maliciousDomainsFile}:${bad.line}: ${bad.reason}`);
    } catch (error) {
      warn(
        `buffalogs.web.maliciousDomainsFile: ${error instanceof Error ? error.message : String(error)}; referrers not judged`,
      );
    }
  }
  return domains;
}

/** A pass's sightings of referrer domains, batch after batch (entries are added while there is room). */
export type PassSightings = Map<string, { requests: number; witnesses: Set<string> }>;
/**
 * Bounds of what a pass keeps: a flood of made-up domains must not grow it without limit. Past the first, a domain
 * is judged on its batch's sightings alone; past the second, more witnesses change no ranking that matters.
 */
const MAX_PASS_DOMAINS = 100_000;
const MAX_WITNESSES_KEPT = 100;

/**
 * The batch's referrer domains worth asking about, with what the pass has seen of each so far: requests, the
 * distinct addresses that vouch for it, and the batch's first request from each of a few addresses (remembered while
 * a lookup waits, to be judged late). An address vouches for the domains it came from unless it came from more than
 * `witnessMaxDomains` of them in the batch (a flood script or spam bot cycling through made-up referrers, not a
 * person following links). The keyed reader puts all of an address's events in one batch, so that count is whole.
 */
export function referrerSightings(
  events: readonly WebEvent[],
  siteDomains: readonly string[],
  listed: ReadonlySet<string>,
  known: ReadonlyMap<string, DomainReport>,
  witnessMaxDomains: number,
  pass: PassSightings,
): Map<string, Sighting> {
  const requests = new Map<string, number>();
  const refs = new Map<string, PendingRequest[]>();
  const byAddress = new Map<string, Set<string>>();
  const skipped = new Set<string>();
  for (const event of events) {
    const host = referrerHost(event.referrer);
    if (!host || known.has(host) || skipped.has(host)) continue;
    const seen = requests.get(host);
    if (seen === undefined && (!isDomainName(host) || isSiteHost(host, siteDomains) || listedDomain(host, listed))) {
      skipped.add(host);
      continue;
    }
    requests.set(host, (seen ?? 0) + 1);
    const named = refs.get(host) ?? [];
    refs.set(host, named);
    if (named.length < MAX_PENDING_REQUESTS && !named.some((r) => r.ip === event.ip)) named.push(pendingRequest(event));
    const domains = byAddress.get(event.ip) ?? new Set<string>();
    byAddress.set(event.ip, domains);
    // One past the limit is enough to know the address is no witness.
    if (domains.size <= witnessMaxDomains) domains.add(host);
  }
  const out = new Map<string, Sighting>();
  const batchWitnesses = new Map<string, Set<string>>();
  for (const [address, domains] of byAddress) {
    if (domains.size > witnessMaxDomains) continue;
    for (const host of domains) {
      const set = batchWitnesses.get(host) ?? new Set<string>();
      batchWitnesses.set(host, set);
      set.add(address);
    }
  }
  for (const [host, count] of requests) {
    let entry = pass.get(host);
    if (!entry) {
      entry = { requests: 0, witnesses: new Set() };
      if (pass.size < MAX_PASS_DOMAINS) pass.set(host, entry);
    }
    entry.requests += count;
    for (const address of batchWitnesses.get(host) ?? []) {
      if (entry.witnesses.size >= MAX_WITNESSES_KEPT) break;
      entry.witnesses.add(address);
    }
    out.set(host, {
      requests: entry.requests,
      addresses: entry.witnesses.size,
      witnesses: entry.witnesses,
      seen: refs.get(host) ?? [],
    });
  }
  return out;
}

/**
 * The space's address states, as every pass reads and writes them. Merged on a conflict (mergeWebStates): besides the
 * partition that judges an address, any pass that alerts it late writes the alert's cooldown into its state.
 */
export function webStateStore(
  client: EsClient,
  space: string,
  retry: RetryPolicy,
): StateStore<WebState, KeyedStates<WebState>> {
  return keyedStateStore<WebState>(client, familyStateIndex(WEB_FAMILY_ID, space), {
    family: WEB_FAMILY_ID,
    field: 'source.ip',
    version: 1,
    read: readWebState,
    merge: mergeWebStates,
    retry,
  });
}

/** Addresses whose stored states learn late cooldowns per read and write (a pass's late alerts are far fewer). */
const COOLDOWN_WRITE_SLICE = 500;

/**
 * Late alerts' cooldowns written into the stored states of `addresses` (read, changed, written over the version read,
 * as a batch writes its states): the next batch or pass that judges one of them starts from a state that says it was
 * alerted. Every other part of the state is kept; a state that has the cooldown already is not written again.
 */
export async function saveLateCooldowns(
  store: StateStore<WebState, KeyedStates<WebState>>,
  cooldowns: ReadonlyMap<string, ReadonlyArray<Timed<string>>>,
  addresses: readonly string[],
  now: number,
  signal?: AbortSignal,
): Promise<void> {
  for (let i = 0; i < addresses.length; i += COOLDOWN_WRITE_SLICE) {
    const slice = addresses.slice(i, i + COOLDOWN_WRITE_SLICE);
    const loaded = await store.load(slice, signal);
    const next = withLateCooldowns(loaded.states, cooldowns, slice, now);
    const changed = new Map([...next].filter(([ip, state]) => state !== loaded.states.get(ip)));
    if (changed.size > 0) await store.write(changed, loaded, now, signal);
  }
}

/** The reputation counters since the last batch, as the pass's stats add them up. */
function takeCounters(counters: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(counters)) {
    out[`reputation_${name}`] = value;
    counters[name] = 0;
  }
  return out;
}

export const webFamily: DetectionFamily<WebSettings, WebEvent, WebState, KeyedStates<WebState>> = {
  id: WEB_FAMILY_ID,
  title: 'Web access',
  entityName: 'source',
  eventName: ['web request', 'web requests'],
  taskType: 'buffalogs:web',
  checkpointId: (partition, partitions) => `web:${partition}-of-${partitions}`,
  configSchema: webConfigSchema,
  settingsFrom: (section) => webSettingsFrom(section),
  async open({ client, space, settings, retry, logger, partition, partitions }) {
    if (settings.indices.length === 0) return undefined;
    const domains = await maliciousDomains(settings, (m) => logger.warn(m));
    const vt = settings.virusTotal;
    // This pass's answers, batch after batch (an address's referrals in a later batch use what an earlier one learned).
    const reports = new Map<string, DomainReport>();
    const reputation: DomainReputation | undefined = vt
      ? { reports, maliciousEngines: vt.maliciousEngines }
      : undefined;
    const service = vt
      ? reputationService(
          new ReputationStore(client, reputationIndex(space), 'virustotal', vt.cacheTtlMs),
          virusTotalClient({ url: vt.url, apiKey: vt.apiKey, timeoutMs: vt.timeoutMs }),
          {
            perMinute: vt.requestsPerMinute,
            perDay: vt.requestsPerDay,
            minAddresses: vt.minAddresses,
            uncorroboratedShare: vt.uncorroboratedShare,
            cacheTtlMs: vt.cacheTtlMs,
            maxLookupsPerBatch: vt.maxLookupsPerBatch,
          },
          (m) => logger.warn(m),
        )
      : undefined;
    const sightings: PassSightings = new Map();
    // Domains that waited for a lookup and have an answer now: judged late by the next batch's detect, then forgotten
    // once that batch's alerts are written (saveLearned), so a pass stopped in between raises them again, same ids.
    const resolved: ResolvedPending[] = [];
    const judgedLate: ResolvedPending[] = [];
    // The pass's late alerts' cooldowns by address, at most one per remembered request (MAX_PENDING_DOMAINS times
    // MAX_PENDING_REQUESTS). The addresses a batch judges get them in the states it judges (their states may have
    // been loaded before an earlier batch's late alerts were saved); the others (`unsaved`: not in the batch, or
    // alerted by `finish`) get them in their stored states before the memory is forgotten (saveLearned).
    const cooldowns = new Map<string, Array<Timed<string>>>();
    const unsaved = new Set<string>();
    const noteLate = (late: readonly WebAlert[], judged: ReadonlySet<string>): void => {
      lateCooldowns(late, cooldowns);
      for (const alert of late)
        if (!judged.has(alert.buffalogs.entity!.value)) unsaved.add(alert.buffalogs.entity!.value);
    };
    const states = webStateStore(client, space, retry);
    return {
      ...(service && vt
        ? {
            async saveLearned(now: number, signal?: AbortSignal) {
              // Before the memory is forgotten: a pass stopped in between raises the late alerts again, same ids,
              // and saves their cooldowns then.
              if (unsaved.size > 0) {
                const addresses = [...unsaved];
                unsaved.clear();
                await saveLateCooldowns(states, cooldowns, addresses, now, signal);
              }
              if (judgedLate.length > 0) await service.forget(judgedLate.splice(0), signal);
            },
            // A one-off referral from a domain whose lookup waited never brings it back to a batch: the budget the
            // batches left goes to the longest waiting, and their remembered requests alert late here.
            async finish(now: number, signal?: AbortSignal) {
              const swept = await service.sweep(now, { partition, partitions }, signal);
              const late = lateReferrerAlerts(swept.resolved, vt.maliciousEngines, now);
              noteLate(late, new Set());
              judgedLate.push(...swept.resolved);
              return {
                alerts: late,
                stats: {
                  ...takeCounters(service.counters),
                  reputation_waiting_looked_up: swept.lookups,
                  referrers_judged_late: late.length,
                },
              };
            },
            async prepare(events: readonly WebEvent[], now: number, signal?: AbortSignal) {
              const wanted = referrerSightings(
                events,
                settings.siteDomains,
                domains,
                reports,
                vt.witnessMaxDomains,
                sightings,
              );
              if (wanted.size === 0) return;
              const answer = await service.reports(wanted, now, signal);
              for (const [domain, report] of answer.reports) reports.set(domain, report);
              resolved.push(...answer.resolved);
            },
          }
        : {}),
      indices: settings.indices,
      query: (window) => ({
        bool: {
          filter: [
            { range: { '@timestamp': { gt: window.from, lte: window.to, format: 'epoch_millis' } } },
            { exists: { field: 'http.response.status_code' } },
          ],
        },
      }),
      reader: keyedReader({
        field: 'source.ip',
        sourceFields: WEB_SOURCE_FIELDS,
        normalize: (hit) => normaliseWebEvent(hit._source ?? {}, hit._index, hit._id),
      }),
      states,
      detect: (events, loaded, now) => {
        const late = vt && resolved.length > 0 ? lateReferrerAlerts(resolved, vt.maliciousEngines, now) : [];
        const judged = late.length > 0 || cooldowns.size > 0 ? new Set(events.map((e) => e.ip)) : undefined;
        if (late.length > 0) noteLate(late, judged!);
        const batchStates = judged ? withLateCooldowns(loaded.states, cooldowns, judged, now) : loaded.states;
        const output = judgeWeb(events, batchStates, settings, domains, now, reputation);
        if (service) Object.assign(output.stats, takeCounters(service.counters));
        if (resolved.length > 0) {
          output.alerts.push(...late);
          output.stats.referrers_judged_late = late.length;
          judgedLate.push(...resolved.splice(0));
        }
        return output;
      },
    };
  },
  replay(documents, settings, now) {
    const events = documents.flatMap((d) => {
      const n = normaliseWebEvent(d);
      return n.ok ? [n.event] : [];
    });
    const domains = new Set(parseDomainList(settings.maliciousDomains.join('\n')).domains);
    return judgeWeb(events, new Map(), settings, domains, now).alerts;
  },
  exampleSettings: () => ({ ...defaultWebSettings(), maliciousDomains: ['evil.example'] }),
  examples: WEB_EXAMPLES,
};
