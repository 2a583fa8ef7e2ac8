/**
 * A device as an analyst reads it — "Firefox 131 on Linux, desktop", "Mobile Safari 17 on iOS 17, iPhone" — instead
 * of BuffaLogs' fingerprint `linux-unknownosmajor-desktop-firefox` (issue 12). Parsed with ua-parser-js 1.x, the
 * library of the enrichment (server/enrichment/user_agent.ts); its desktop/mobile/tablet heuristic (`deviceKind`) is the
 * fingerprint's, so the name and the fingerprint never disagree on the kind of device. In common/ because the app
 * names the devices of logins and alerts with it.
 *
 * An agent no parser knows (`python-requests/2.31.0`, `curl/8.4.0`) is named by its first product token. Every part
 * is cut to a readable length: a log line's agent is hostile input.
 */
import UAParser from 'ua-parser-js';
import { clean } from './fingerprint_name';

/**
 * BuffaLogs' device heuristic on the raw agent, which overrides the parsed device (in this order); `undefined` when
 * none applies (the fingerprint then uses the parsed model). Shared with the fingerprint (server/enrichment/).
 */
export function deviceKind(agent: string): 'mobile' | 'tablet' | 'desktop' | undefined {
  const lower = agent.toLowerCase();
  if (lower.includes('mobile')) return 'mobile';
  if (lower.includes('tablet') || lower.includes('ipad')) return 'tablet';
  if (['x11', 'win64', 'wow64', 'x86_64', 'macintosh'].some((token) => lower.includes(token))) return 'desktop';
  return undefined;
}
/** Operating systems as their makers write them. */
const OS_NAMES: ReadonlyMap<string, string> = new Map([
  ['Mac OS', 'macOS'],
  ['Chromium OS', 'ChromeOS'],
]);

export function deviceName(original: string): string {
  const agent = typeof original === 'string' ? original.slice(0, 1000) : '';
  if (agent.trim() === '') return 'Unknown device';
  let result: UAParser.IResult;
  try {
    result = new UAParser(agent).getResult();
  } catch {
    return productToken(agent);
  }
  const browser = result.browser.name
    ? clean(`${result.browser.name}${result.browser.major ? ` ${result.browser.major}` : ''}`)
    : '';
  const osName = result.os.name ? (OS_NAMES.get(result.os.name) ?? result.os.name) : '';
  // Windows 10 and 11 both say "10"; macOS has said 10.15 since 11: only the major version is worth showing, and
  // none for macOS, where it is frozen.
  const osMajor = result.os.version && osName !== 'macOS' ? result.os.version.split(/[._]/)[0] : '';
  const os = osName ? clean(`${osName}${osMajor ? ` ${osMajor}` : ''}`) : '';
  if (!browser && !os) return productToken(agent);
  const device = deviceKind(agent.slice(0, 500));
  // A desktop's model ("Macintosh") says less than "desktop".
  const model =
    result.device.model && device !== 'desktop'
      ? clean(
          result.device.vendor &&
            !result.device.model.startsWith(result.device.vendor) &&
            result.device.vendor !== 'Apple'
            ? `${result.device.vendor} ${result.device.model}`
            : result.device.model,
        )
      : '';
  const kind = model || (device === 'mobile' || device === 'tablet' || device === 'desktop' ? device : '');
  const what = browser && os ? `${browser} on ${os}` : browser || os;
  return kind ? `${what}, ${kind}` : what;
}

function productToken(agent: string): string {
  const token = clean(agent.split(/\s/)[0] ?? '');
  return token || 'Unknown device';
}
