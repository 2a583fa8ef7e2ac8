import { parseUserAgent, UserAgentParser, UNKNOWN_FINGERPRINT, USER_AGENT_PARSE_LIMIT } from './user_agent';

/**
 * BuffaLogs' verified fingerprints (spec §2.4, computed with uap-core 0.18.0; full strings from BuffaLogs'
 * `tests/test_utils.py` where the spec abbreviates them). Every row must come out the same with ua-parser-js 1.x.
 */
const BUFFALOGS_TABLE: Array<[string, string]> = [
  ['Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:109.0) Gecko/20100101 Firefox/109.0', 'windows-7-desktop-firefox'],
  ['Mozilla/5.0 (Windows NT 6.1; WOW64; rv:12.0) Gecko/20100101 Firefox/12.0', 'windows-7-desktop-firefox'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)', 'windows-10-desktop-other'],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36',
    'windows-10-desktop-chrome',
  ],
  ['Mozilla/5.0 (Android 4.4; Mobile; rv:41.0) Gecko/41.0 Firefox/41.0', 'android-4-mobile-firefoxmobile'],
  [
    'Mozilla/5.0 (Linux; Android 13; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Mobile Safari/537.36',
    'android-13-mobile-chrome',
  ],
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)', 'linux-unknownosmajor-desktop-other'],
  [
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/78.0.3904.108 Chrome/78.0.3904.108 Safari/537.36',
    'ubuntu-unknownosmajor-desktop-chromium',
  ],
  [
    'Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/604.1',
    'ios-17-tablet-mobilesafariui/wkwebview',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    'ios-17-mobile-mobilesafari',
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36',
    'macosx-10-desktop-chrome',
  ],
  [
    'Mozilla/5.0 (X11; U; Linux i686; es-AR; rv:1.9.1.8) Gecko/20100214 Ubuntu/9.10 (karmic) Firefox/3.5.8',
    'ubuntu-9-desktop-firefox',
  ],
  ['Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)', 'windows-xp-other-ie'],
  ['SomeRandomStringWithoutKnownPatterns', 'other-unknownosmajor-other-other'],
  ['', UNKNOWN_FINGERPRINT],
];

describe('BuffaLogs device fingerprint', () => {
  it.each(BUFFALOGS_TABLE)('%s → %s', (agent, fingerprint) => {
    expect(parseUserAgent(agent).fingerprint).toBe(fingerprint);
  });

  it('maps ua-parser-js names to the uap-core families BuffaLogs stores for other common agents', () => {
    const cases: Array<[string, string]> = [
      // Chrome Mobile needs uap-core's four-part version + "Mobile"
      [
        'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
        'android-10-mobile-chromemobile',
      ],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
        'ios-17-mobile-chromemobileios',
      ],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15',
        'ios-17-mobile-firefoxios',
      ],
      [
        'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
        'chromeos-14541-desktop-chrome',
      ],
      [
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
        'linux-unknownosmajor-desktop-headlesschrome',
      ],
      [
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
        'macosx-10-desktop-safari',
      ],
      // No heuristic token: the device family is the parsed brand + model, as uap-core's
      [
        'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
        'android-13-samsungsm-x700-chrome',
      ],
    ];
    for (const [agent, fingerprint] of cases)
      expect([agent, parseUserAgent(agent).fingerprint]).toEqual([agent, fingerprint]);
  });

  it('exposes the parts and the device class', () => {
    expect(
      parseUserAgent(
        'Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/604.1',
      ),
    ).toEqual({
      original:
        'Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/604.1',
      fingerprint: 'ios-17-tablet-mobilesafariui/wkwebview',
      osName: 'iOS',
      osMajor: '17',
      browserName: 'Mobile Safari UI/WKWebView',
      device: 'tablet',
    });
  });
});

describe('UserAgentParser cache', () => {
  it('parses each distinct agent once and returns the same result', () => {
    const parser = new UserAgentParser();
    const a = parser.parse('Mozilla/5.0 (Windows NT 6.1; WOW64; rv:12.0) Gecko/20100101 Firefox/12.0');
    for (let i = 0; i < 5; i++)
      parser.parse('Mozilla/5.0 (Windows NT 6.1; WOW64; rv:12.0) Gecko/20100101 Firefox/12.0');
    parser.parse('curl/8.5.0');
    expect(parser.parse('Mozilla/5.0 (Windows NT 6.1; WOW64; rv:12.0) Gecko/20100101 Firefox/12.0')).toBe(a);
    expect({ hits: parser.hits, misses: parser.misses, size: parser.size }).toEqual({ hits: 6, misses: 2, size: 2 });
  });

  it('stays within its bound, evicting the least recently used agent', () => {
    const parser = new UserAgentParser(2);
    parser.parse('agent-a');
    parser.parse('agent-b');
    parser.parse('agent-a'); // a is now the most recent
    parser.parse('agent-c'); // evicts b
    expect(parser.size).toBe(2);
    parser.parse('agent-a');
    expect(parser.hits).toBe(2);
    parser.parse('agent-b');
    expect(parser.misses).toBe(4);
  });
});

describe('hostile user agents', () => {
  const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)';

  it('parses a 200 KB header in linear time (the family regexes were quadratic: 13 s for this one)', () => {
    const header = `${iphone} ${'Mobile '.repeat(32_000)}`;
    const started = performance.now();
    const parsed = parseUserAgent(header);
    expect(performance.now() - started).toBeLessThan(200);
    expect(parsed.original).toBe(header); // kept whole: BuffaLogs' profile keys its logins by the full string
    expect(parsed.fingerprint).toBe(parseUserAgent(header.slice(0, USER_AGENT_PARSE_LIMIT)).fingerprint);
  });

  it('reads only the first USER_AGENT_PARSE_LIMIT characters, as ua-parser-js itself does', () => {
    const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0';
    const padded = `${firefox}${' x'.repeat(USER_AGENT_PARSE_LIMIT)} Mobile`;
    expect(parseUserAgent(padded).fingerprint).toBe(parseUserAgent(firefox).fingerprint);
  });

  it('does not cache over-long agents (10,000 of 200 KB each would hold 2 GB)', () => {
    const parser = new UserAgentParser();
    parser.parse(`${iphone}${'x'.repeat(USER_AGENT_PARSE_LIMIT)}`);
    expect(parser.size).toBe(0);
  });
});
