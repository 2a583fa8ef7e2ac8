import { UNKNOWN_FINGERPRINT, UserAgentParser } from '../server/enrichment/user_agent';
import { fingerprintInSentence, fingerprintName } from './fingerprint_name';

describe("a stored device fingerprint in words (the user page's devices, a device signal's known values)", () => {
  test.each([
    ['linux-unknownosmajor-desktop-firefox', 'Firefox on Linux, desktop'],
    ['windows-10-desktop-chrome', 'Chrome on Windows 10, desktop'],
    ['android-13-mobile-chromemobile', 'Chrome Mobile on Android 13, mobile'],
    ['macosx-10-desktop-safari', 'Safari on macOS, desktop'],
    ['ios-17-mobile-mobilesafari', 'Mobile Safari on iOS 17, mobile'],
    ['ios-17-tablet-mobilesafariui/wkwebview', 'Mobile Safari UI/WKWebView on iOS 17, tablet'],
    ['linux-unknownosmajor-desktop-headlesschrome', 'HeadlessChrome on Linux, desktop'],
    ['chromeos-14541-desktop-chrome', 'Chrome on ChromeOS 14541, desktop'],
    // A model from the parser, with a dash of its own: the device is everything between the OS major and the browser.
    ['android-14-samsungsm-g991b-samsungbrowser', 'Samsung Browser on Android 14, samsungsm-g991b'],
    ['other-unknownosmajor-other-other', 'Unknown device'],
    [UNKNOWN_FINGERPRINT, 'Unknown device'],
    ['other-unknownosmajor-other-curl', 'curl'],
    ['windows-10-other-other', 'Windows 10'],
  ])('%s → %s', (fingerprint, name) => {
    expect(fingerprintName(fingerprint)).toBe(name);
  });

  test('what the enrichment fingerprints reads like the device name of the same agent, without versions', () => {
    const parser = new UserAgentParser();
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0';
    expect(fingerprintName(parser.parse(firefox).fingerprint)).toBe('Firefox on Linux, desktop');
  });

  test('text that is no fingerprint is shown as it is, cut to a readable length', () => {
    expect(fingerprintName('Mac OS X / Chrome')).toBe('Mac OS X / Chrome');
    expect(fingerprintName('x'.repeat(500))).toHaveLength(120);
    expect(fingerprintName(undefined as unknown as string)).toBe('Unknown device');
  });

  test("parts named like Object's own properties are text, not the prototype's functions", () => {
    // A fingerprint is a log line's agent (or a hand-edited state): the tables' lookups must not reach the prototype.
    expect(fingerprintName('constructor-1-desktop-tostring')).toBe('tostring on constructor 1, desktop');
  });
});

describe('fingerprintInSentence', () => {
  it('quotes the name (it has commas of its own) and has none for a fingerprint that names nothing', () => {
    expect(fingerprintInSentence('windows-10-desktop-chrome')).toBe('"Chrome on Windows 10, desktop"');
    expect(fingerprintInSentence('other-unknownosmajor-other-other')).toBeUndefined();
    expect(fingerprintInSentence('')).toBeUndefined();
  });
});
