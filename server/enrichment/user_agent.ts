/**
 * User agents → `ParsedUserAgent`, including BuffaLogs' device fingerprint `os-osmajor-device-browser` (spec §2.4).
 *
 * BuffaLogs parses with uap-core (Python `ua-parser`); we use `ua-parser-js` 1.x (MIT — 2.x is AGPL, and 3.5× slower).
 * The two name things differently, so the names are mapped to uap-core's families where they differ for common
 * agents ("Mac OS" → "Mac OS X", "Chromium OS" → "Chrome OS", "WebKit" → "Other", Chrome/Firefox mobile variants,
 * iOS Safari vs WKWebView), which makes every fingerprint of BuffaLogs' verified table come out the same (see
 * `user_agent.test.ts`). Families of rarer agents may still differ from BuffaLogs'; for the new-device detector that
 * only matters when one user's history mixes fingerprints computed by both tools, which never happens here: every
 * fingerprint in our state is computed by this file.
 *
 * Parsing costs ~30 µs; log data has few distinct agents, so each distinct string is parsed once and kept in a
 * bounded LRU cache.
 */
import UAParser from 'ua-parser-js';
import { deviceKind } from '../../common/device_name';
import type { ParsedUserAgent } from '../detection/types';

export const UNKNOWN_FINGERPRINT = 'unknownos-unknownosmajor-unknowndevice-unknownbrowser';

const OS_FAMILIES: Record<string, string> = {
  'Mac OS': 'Mac OS X',
  'Chromium OS': 'Chrome OS',
};

/** The browser family uap-core would report for what ua-parser-js 1.x calls `name`. */
function browserFamily(name: string | undefined, osName: string | undefined, agent: string): string {
  const ios = osName === 'iOS';
  switch (name) {
    case undefined:
    case 'WebKit': // ua-parser-js falls back to the engine; uap-core has no family for a bare AppleWebKit token
      return ios && /iPhone|iPod|iPad/.test(agent) ? iosSafariFamily(agent) : 'Other';
    case 'Safari':
    case 'Mobile Safari':
      return ios ? iosSafariFamily(agent) : name;
    case 'Chrome':
      if (ios) return 'Chrome Mobile iOS';
      // uap-core's "Chrome Mobile" needs a four-part version followed by "Mobile"; "Chrome/118.0 Mobile" stays "Chrome".
      return /Chrome\/\d+\.\d+\.\d+\.\d+ Mobile(?:[ /]|$)/.test(agent) ? 'Chrome Mobile' : 'Chrome';
    case 'Firefox':
      if (ios) return 'Firefox iOS';
      return /(?:Mobile|Tablet).*Firefox\//.test(agent) ? 'Firefox Mobile' : 'Firefox';
    case 'Edge':
      return /EdgA\//.test(agent) ? 'Edge Mobile' : 'Edge';
    case 'Chrome Headless':
      return 'HeadlessChrome';
    case 'Chrome WebView':
      return 'Chrome Mobile WebView';
    case 'Mobile Firefox':
      return 'Firefox Mobile';
    default:
      return name;
  }
}

/** uap-core: Safari on iOS is "Mobile Safari" only with a `Mobile…Safari` token; otherwise an embedded web view. */
function iosSafariFamily(agent: string): string {
  return /Mobile.*[ +]Safari/.test(agent) ? 'Mobile Safari' : 'Mobile Safari UI/WKWebView';
}

/** uap-core's device family: the model, prefixed with the brand unless the model already says it. */
function deviceFamily(vendor: string | undefined, model: string | undefined): string {
  if (!model) return 'Other';
  if (!vendor || vendor === 'Apple' || model.toLowerCase().startsWith(vendor.toLowerCase())) return model;
  return `${vendor} ${model}`;
}

const squash = (s: string): string => s.trim().toLowerCase().replace(/ /g, '');

/**
 * How much of an agent is read. ua-parser-js 1.x reads no more (its `UA_MAX_LENGTH` is 500, set after its own ReDoS
 * fixes), so a longer tail could not change what it reports; cutting there first keeps our family regexes and
 * BuffaLogs' substring heuristics on the same text and linear (`/Mobile.*[ +]Safari/` took 13 s on a 200 KB header
 * of repeated `Mobile`). Real agents are 100–300 characters.
 */
export const USER_AGENT_PARSE_LIMIT = 500;

/** Parses one agent string (no cache). An empty string gives BuffaLogs' all-unknown fingerprint. */
export function parseUserAgent(original: string): ParsedUserAgent {
  if (original.trim() === '') return { original, fingerprint: UNKNOWN_FINGERPRINT };
  const agent = original.length > USER_AGENT_PARSE_LIMIT ? original.slice(0, USER_AGENT_PARSE_LIMIT) : original;
  let result: UAParser.IResult;
  try {
    result = new UAParser(agent).getResult();
  } catch {
    return { original, fingerprint: UNKNOWN_FINGERPRINT }; // as BuffaLogs does when its parser throws
  }
  // uap-core answers "Other" (never nothing) when it does not recognise a part; the placeholders are only for null.
  const osName = result.os.name ? (OS_FAMILIES[result.os.name] ?? result.os.name) : 'Other';
  const osMajor = result.os.version ? result.os.version.split(/[._]/)[0] : undefined;
  const browserName = browserFamily(result.browser.name, result.os.name, agent);
  // BuffaLogs' heuristics on the raw string override the parsed device, in this order.
  const device = deviceKind(agent) ?? deviceFamily(result.device.vendor, result.device.model);
  const fingerprint = `${squash(osName)}-${squash(osMajor ?? 'unknownosmajor')}-${squash(device)}-${squash(browserName)}`;
  return {
    original,
    fingerprint,
    osName,
    ...(osMajor ? { osMajor } : {}),
    browserName,
    device,
  };
}

/** Parses each distinct agent once; the cache keeps the most recently used `maxEntries` agents. */
export class UserAgentParser {
  private readonly cache = new Map<string, ParsedUserAgent>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 10_000) {}

  parse(original: string): ParsedUserAgent {
    const cached = this.cache.get(original);
    if (cached) {
      this.hits++;
      // Re-insert so Map order is recency order and the first key is the least recently used.
      this.cache.delete(original);
      this.cache.set(original, cached);
      return cached;
    }
    this.misses++;
    const parsed = parseUserAgent(original);
    // Over-long agents are not kept: the cache would hold whole headers (parsing them is cheap: see the limit).
    if (original.length > USER_AGENT_PARSE_LIMIT) return parsed;
    this.cache.set(original, parsed);
    if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    return parsed;
  }

  get size(): number {
    return this.cache.size;
  }
}
