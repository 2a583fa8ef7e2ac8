/**
 * A stored device fingerprint in words (`linux-unknownosmajor-desktop-firefox` → "Firefox on Linux, desktop"), apart
 * from common/device_name.ts, which names a raw agent with ua-parser-js: the login core names fingerprints in its
 * sentences and has no use for the parser's regular expressions.
 */

const MAX_PART = 40;
/** A fingerprint in words: four parts (a model, a browser family) of up to 40 characters each, with their joints. */
const MAX_FINGERPRINT_TEXT = 120;

/** Control characters (a terminal escape in a log line) out, then cut: what is left is printable and short. */
export const clean = (s: string, max = MAX_PART): string =>
  [...s]
    .filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, max);

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
 * then calls unrecognised. The alert's evidence keeps the fingerprint itself. Straight quotes, not typographic ones:
 * a character outside Latin-1 makes V8 store the whole message two bytes a character, and the login core builds one
 * for every observation.
 */
export function fingerprintInSentence(fingerprint: string): string | undefined {
  const name = fingerprintName(fingerprint);
  return name === 'Unknown device' ? undefined : `"${name}"`;
}
