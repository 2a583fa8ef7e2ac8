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

const MAX_PART = 40;
/** A fingerprint in words: four parts (a model, a browser family) of up to 40 characters each, with their joints. */
const MAX_FINGERPRINT_TEXT = 120;

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
/** Control characters (a terminal escape in a log line) out, then cut: what is left is printable and short. */
const clean = (s: string, max = MAX_PART): string =>
  [...s]
    .filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, max);

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

/**
 * The fingerprint's squashed OS families (server/enrichment/user_agent.ts) as their makers write them. Maps, not
 * objects: a part is a log line's text, and `constructor` read an object's prototype.
 */
const FINGERPRINT_OS: ReadonlyMap<string, string> = new Map([
  ['windows', 'Windows'],
  ['linux', 'Linux'],
  ['macosx', 'macOS'],
  ['ios', 'iOS'],
  ['android', 'Android'],
  ['chromeos', 'ChromeOS'],
  ['ubuntu', 'Ubuntu'],
  ['fedora', 'Fedora'],
  ['debian', 'Debian'],
  ['windowsphone', 'Windows Phone'],
]);

/** The fingerprint's squashed browser families (uap-core's names, user_agent.ts `browserFamily`). */
const FINGERPRINT_BROWSERS: ReadonlyMap<string, string> = new Map([
  ['chrome', 'Chrome'],
  ['chromemobile', 'Chrome Mobile'],
  ['chromemobileios', 'Chrome Mobile iOS'],
  ['chromemobilewebview', 'Chrome Mobile WebView'],
  ['headlesschrome', 'HeadlessChrome'],
  ['chromium', 'Chromium'],
  ['firefox', 'Firefox'],
  ['firefoxmobile', 'Firefox Mobile'],
  ['firefoxios', 'Firefox iOS'],
  ['edge', 'Edge'],
  ['edgemobile', 'Edge Mobile'],
  ['safari', 'Safari'],
  ['mobilesafari', 'Mobile Safari'],
  ['mobilesafariui/wkwebview', 'Mobile Safari UI/WKWebView'],
  ['opera', 'Opera'],
  ['operamobi', 'Opera Mobi'],
  ['samsungbrowser', 'Samsung Browser'],
  ['ie', 'IE'],
  ['iemobile', 'IE Mobile'],
  ['yandex', 'Yandex'],
  ['vivaldi', 'Vivaldi'],
  ['brave', 'Brave'],
]);

/** Parts of a fingerprint that say nothing (uap-core's "Other", BuffaLogs' placeholders). */
const UNKNOWN_PARTS = new Set(['other', 'unknownos', 'unknownosmajor', 'unknowndevice', 'unknownbrowser', '']);

/**
 * A stored device fingerprint (`os-osmajor-device-browser`, lower-cased without spaces, as the baselines keep it)
 * in words: `linux-unknownosmajor-desktop-firefox` → "Firefox on Linux, desktop". The user's known devices and the
 * device signals' known values are only fingerprints (the agent is not kept), so this is all the app can name them
 * by. A model may hold a dash ("samsungsm-g991b"): the device is every part between the OS major and the browser.
 * Text of another shape is returned as it is, cut.
 */
export function fingerprintName(fingerprint: string): string {
  if (typeof fingerprint !== 'string' || fingerprint.trim() === '') return 'Unknown device';
  const parts = fingerprint.split('-');
  if (parts.length < 4) return printable(fingerprint);
  const [osPart, majorPart] = parts;
  const browserPart = parts[parts.length - 1];
  const devicePart = parts.slice(2, -1).join('-');
  const known = (part: string) => !UNKNOWN_PARTS.has(part);
  const osName = known(osPart) ? (FINGERPRINT_OS.get(osPart) ?? osPart) : '';
  const major = known(majorPart) && osName && osName !== 'macOS' ? ` ${majorPart}` : '';
  const os = osName ? `${osName}${major}` : '';
  const browser = known(browserPart) ? (FINGERPRINT_BROWSERS.get(browserPart) ?? browserPart) : '';
  const what = browser && os ? `${browser} on ${os}` : browser || os;
  if (!what) return 'Unknown device';
  return printable(known(devicePart) ? `${what}, ${devicePart}` : what);
}

/** Printable and at most a table cell's worth: a fingerprint comes from a log line's agent. */
const printable = (s: string): string => clean(s, MAX_FINGERPRINT_TEXT) || 'Unknown device';

/**
 * A fingerprint inside a sentence (an alert's message, a signal's reason): its name in quotes, since the name has
 * commas of its own ("Firefox on Linux, desktop") and the message lists signals with commas; `undefined` for a
 * fingerprint that names nothing (`other-unknownosmajor-other-other`: an agent no parser knew), which the sentence
 * then calls unrecognised. The alert's evidence keeps the fingerprint itself.
 */
export function fingerprintInSentence(fingerprint: string): string | undefined {
  const name = fingerprintName(fingerprint);
  return name === 'Unknown device' ? undefined : `“${name}”`;
}
