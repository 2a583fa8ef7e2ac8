/** The README's `buffalogs.web` example passes the family's schema and becomes the settings it says. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { webConfigSchema } from './config_schema';
import { defaultWebSettings, webSettingsFrom } from './settings';

test('the README example validates and gives the documented settings', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Web access logs'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)![1];
  const config = webConfigSchema.validate((YAML.parse(block) as Record<string, unknown>)['buffalogs.web']);
  const settings = webSettingsFrom(config);
  expect(settings).toEqual({
    ...defaultWebSettings(),
    siteDomains: ['www.example.org'],
    maliciousDomainsFile: '/etc/kibana/malicious-domains.txt',
    // The documented values are the defaults (common/web_config.ts VIRUSTOTAL_DEFAULTS), VirusTotal's own URL.
    virusTotal: {
      apiKey: 'YOUR_VIRUSTOTAL_API_KEY',
      url: 'https://www.virustotal.com/api/v3',
      requestsPerMinute: 4,
      requestsPerDay: 500,
      cacheTtlMs: 7 * 86_400_000,
      maliciousEngines: 2,
      timeoutMs: 10_000,
      maxLookupsPerBatch: 50,
      minAddresses: 2,
      uncorroboratedShare: 0.25,
      witnessMaxDomains: 20,
    },
  });
});

test('virusTotal: a key is required, the URL must be http(s), the budget positive', () => {
  const refused = (value: unknown) => () => webConfigSchema.validate({ virusTotal: value }, {}, 'buffalogs.web');
  expect(refused({})).toThrow('[buffalogs.web.virusTotal.apiKey]');
  expect(refused({ apiKey: 'k', url: 'file:///etc/passwd' })).toThrow('[buffalogs.web.virusTotal.url]');
  expect(refused({ apiKey: 'k', requestsPerMinute: 0 })).toThrow('[buffalogs.web.virusTotal.requestsPerMinute]');
  expect(refused({ apiKey: 'k', minAddresses: 0 })).toThrow('[buffalogs.web.virusTotal.minAddresses]');
  expect(refused({ apiKey: 'k', uncorroboratedShare: 1.5 })).toThrow('[buffalogs.web.virusTotal.uncorroboratedShare]');
  expect(refused({ apiKey: 'k', uncorroboratedShare: -0.1 })).toThrow('[buffalogs.web.virusTotal.uncorroboratedShare]');
  const local = webSettingsFrom(
    webConfigSchema.validate({ virusTotal: { apiKey: 'k', url: 'http://127.0.0.1:9/v3' } }),
  );
  expect(local.virusTotal).toMatchObject({ url: 'http://127.0.0.1:9/v3', requestsPerMinute: 4, requestsPerDay: 500 });
});

test('nothing configured: the defaults, with the access data streams as indices', () => {
  expect(webSettingsFrom(undefined).indices).toEqual([
    'logs-apache.access-*',
    'logs-nginx.access-*',
    'logs-iis.access-*',
  ]);
  expect(webSettingsFrom(webConfigSchema.validate({}))).toEqual(defaultWebSettings());
});

test('a bad threshold is refused naming its key', () => {
  expect(() => webConfigSchema.validate({ burst: { count: 0 } }, {}, 'buffalogs.web')).toThrow(
    '[buffalogs.web.burst.count]',
  );
});

test('site domains are compared in lower case, without a trailing dot', () => {
  const config = webConfigSchema.validate({ siteDomains: ['WWW.Example.ORG.', ' shop.example.org'] });
  expect(webSettingsFrom(config).siteDomains).toEqual(['www.example.org', 'shop.example.org']);
});

test('virusTotal: a key a header cannot carry, and time-outs a timer cannot hold, are refused naming the key', () => {
  const refused = (value: unknown) => () => webConfigSchema.validate({ virusTotal: value }, {}, 'buffalogs.web');
  // A newline pasted into a quoted YAML string, a tab, a space, a non-ASCII character: fetch would refuse the header
  // with a message quoting the key (server/families/web/reputation/virustotal.ts), so Kibana refuses it at startup.
  for (const apiKey of ['abc\ndef', 'abc\tdef', 'abc def', 'abc…']) {
    expect(refused({ apiKey })).toThrow('[buffalogs.web.virusTotal.apiKey]: must be printable ASCII without spaces');
    expect(refused({ apiKey })).not.toThrow(apiKey);
  }
  expect(refused({ apiKey: 'k', timeout: '30d' })).toThrow('[buffalogs.web.virusTotal.timeout]: must be 100ms to 10m');
  expect(refused({ apiKey: 'k', timeout: '0s' })).toThrow('[buffalogs.web.virusTotal.timeout]');
  expect(refused({ apiKey: 'k', cacheTtl: '0s' })).toThrow('[buffalogs.web.virusTotal.cacheTtl]: must be 1m to 366d');
  const ok = webConfigSchema.validate({ virusTotal: { apiKey: 'a'.repeat(64), timeout: '30s', cacheTtl: '1d' } });
  expect(webSettingsFrom(ok).virusTotal).toMatchObject({ timeoutMs: 30_000, cacheTtlMs: 86_400_000 });
});

test('a cooldown or detector window that silences, floods or reads as nonsense is refused naming the key', () => {
  const refused = (value: Record<string, unknown>) => () => webConfigSchema.validate(value, {}, 'buffalogs.web');
  // cooldown 0s (or 1s) re-raised at every request once a threshold was met: a 1,000-request scan over 17 minutes
  // gave 1,972 alerts instead of 2; a cooldown of 99999999999999999999d was one alert per address and rule, ever.
  expect(refused({ cooldown: '0s' })).toThrow('[buffalogs.web.cooldown]: must be 1m to 366d');
  expect(refused({ cooldown: '1s' })).toThrow('[buffalogs.web.cooldown]: must be 1m to 366d');
  expect(refused({ cooldown: '99999999999999999999d' })).toThrow('[buffalogs.web.cooldown]: must be 1m to 366d');
  // A window of 0s dropped each request as it was counted: the detector never fired, silently. A window of years
  // read "within 1.44e+23 min" in the alert (the state keeps at most MAX_TRACKED requests per list anyway).
  for (const detector of ['scanning', 'flood', 'burst', 'exfiltration']) {
    for (const window of ['0s', '500ms', '31d', '99999999999999999999d'])
      expect(refused({ [detector]: { window } })).toThrow(`[buffalogs.web.${detector}.window]: must be 1s to 30d`);
  }
  // The bounds themselves and the documented values stay what they were.
  const edges = webSettingsFrom(
    webConfigSchema.validate({
      cooldown: '1m',
      scanning: { window: '1s' },
      flood: { window: '30d' },
      burst: { window: '1m' },
      exfiltration: { window: '1h' },
    }),
  );
  expect(edges).toMatchObject({
    cooldownMs: 60_000,
    scanning: { windowMs: 1000 },
    flood: { windowMs: 30 * 86_400_000 },
    burst: { windowMs: 60_000 },
    exfiltration: { windowMs: 3_600_000 },
  });
  expect(webSettingsFrom(webConfigSchema.validate({ cooldown: '366d' })).cooldownMs).toBe(366 * 86_400_000);
});
