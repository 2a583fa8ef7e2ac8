/**
 * The access-log parser on every quirk found in the three real days (../shared/data/web-access/, SecRepo's
 * secrepo.com logs) and on the format's edges. Field names and values follow Elastic's Apache integration
 * (elastic/integrations packages/apache/data_stream/access/_dev/test/pipeline/test-access-basic.log-expected.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAccessLine, parseApacheTime, type AccessLogDocument } from './access_log';
import { WEB_ACCESS_DIR } from '../../scripts/shared_data';

const DATA = WEB_ACCESS_DIR;

function parse(line: string): AccessLogDocument {
  const parsed = parseAccessLine(line);
  if (!parsed.ok) throw new Error(`expected a document, got: ${parsed.reason}`);
  return parsed.document;
}

function reason(line: string): string {
  const parsed = parseAccessLine(line);
  if (parsed.ok) throw new Error('expected a bad line');
  return parsed.reason;
}

describe('the real files', () => {
  // Lines per file (wc -l), lines with an escaped quote (grep -c '\\"'), lines with no user agent ("-").
  test.each([
    ['access.log.2019-03-06.log', 7850, 0, 6],
    ['access.log.2019-04-04.log', 7849, 9, 26],
    ['access.log.2019-11-27.log', 9037, 4, 227],
  ])(
    '%s: every one of its %d lines parses (%d with escaped quotes, %d without user agent)',
    (file, lines, escaped, noUa) => {
      const text = readFileSync(join(DATA, file), 'utf8').split('\n');
      if (text[text.length - 1] === '') text.pop();
      expect(text).toHaveLength(lines);
      const documents = text.map(parse);
      expect(text.filter((l) => l.includes('\\"'))).toHaveLength(escaped);
      expect(documents.filter((d) => !d.user_agent)).toHaveLength(noUa);
      // Every line of these files ends in a space after the user agent (the server's LogFormat): tolerated.
      expect(text.every((l) => l.endsWith('" '))).toBe(true);
    },
  );

  test('the first line, field by field (-0800: 02:14:49 local is 10:14:49 UTC)', () => {
    const first = readFileSync(join(DATA, 'access.log.2019-03-06.log'), 'utf8').split('\n')[0];
    expect(parse(first)).toEqual({
      '@timestamp': '2019-03-06T10:14:49.000Z',
      event: {
        kind: 'event',
        category: ['web'],
        type: ['access'],
        outcome: 'success',
        dataset: 'apache.access',
        module: 'apache',
      },
      source: { address: '54.36.150.56', ip: '54.36.150.56' },
      http: { request: { method: 'GET' }, response: { status_code: 200, body: { bytes: 31990 } }, version: '1.1' },
      url: {
        original: '/self.logs/access.log.2018-05-11.gz',
        path: '/self.logs/access.log.2018-05-11.gz',
        extension: 'gz',
      },
      user_agent: { original: 'Mozilla/5.0 (compatible; AhrefsBot/6.1; +http://ahrefs.com/robot/)' },
    });
  });

  test('an exploit referrer with escaped quotes and backslashes (2019-04-04, the line LogiSOC drops) keeps all of it', () => {
    const line =
      '182.129.252.216 - - [04/Apr/2019:18:13:54 -0700] "GET /?s=index/%5Cthink HTTP/1.1" 200 46423 ' +
      '"http://www.secrepo.com/?s=index/\\\\think\\\\template&content=<?php @assert($_REQUEST[\\"ysy\\"]);?>" ' +
      '"Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2)" ';
    const document = parse(line);
    expect(document.http.request?.referrer).toBe(
      'http://www.secrepo.com/?s=index/\\think\\template&content=<?php @assert($_REQUEST["ysy"]);?>',
    );
    expect(document.user_agent?.original).toBe('Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2)');
    expect(document.url).toMatchObject({ path: '/', query: 's=index/%5Cthink' });
  });

  test('a user agent wrapped in escaped quotes (2019-04-04) keeps its quotes', () => {
    const document = parse(
      '188.76.8.51 - - [04/Apr/2019:18:13:29 -0700] "GET / HTTP/1.1" 200 12510 "-" "\\"Mozilla/5.0 (iPhone)\\"" ',
    );
    expect(document.user_agent?.original).toBe('"Mozilla/5.0 (iPhone)"');
    expect(document.http.request).toEqual({ method: 'GET' }); // "-" referrer: absent, not the string "-"
  });

  test('a request target with raw spaces (2019-04-04): method at the first space, protocol after the last', () => {
    const document = parse(
      '162.242.144.71 - - [04/Apr/2019:03:16:34 -0700] "GET /honeypot/BSidesDFW - 2014.ipynb HTTP/1.1" 404 303 "-" "Tornado-Async-Client" ',
    );
    expect(document.url).toEqual({
      original: '/honeypot/BSidesDFW - 2014.ipynb',
      path: '/honeypot/BSidesDFW - 2014.ipynb',
      extension: 'ipynb',
    });
    expect(document.http.version).toBe('1.1');
    expect(document.event.outcome).toBe('failure');
  });

  test('percent-encoded paths are decoded into url.path, kept in url.original', () => {
    const document = parse(
      '23.253.92.35 - - [06/Mar/2019:06:10:57 -0800] "GET /honeypot/BSidesDFW%20-%202014.ipynb HTTP/1.1" 200 930780 "-" "Tornado-Async-Client" ',
    );
    expect(document.url?.path).toBe('/honeypot/BSidesDFW - 2014.ipynb');
    expect(document.url?.original).toBe('/honeypot/BSidesDFW%20-%202014.ipynb');
  });
});

describe('format edges', () => {
  test('common format (no referrer or user agent), "-" size, positive offset', () => {
    // Elastic's expected output for this very line: @timestamp 2016-12-26T14:16:29.000Z, no body.bytes for "-".
    const document = parse('::1 - - [26/Dec/2016:16:16:29 +0200] "GET /favicon.ico HTTP/1.1" 404 -');
    expect(document['@timestamp']).toBe('2016-12-26T14:16:29.000Z');
    expect(document.source).toEqual({ address: '::1', ip: '::1' });
    expect(document.http.response).toEqual({ status_code: 404 });
    expect(document.user_agent).toBeUndefined();
    expect(document.url?.extension).toBe('ico');
  });

  test('a "-" request (a connection closed before a request: 408) keeps status and client, no method or url', () => {
    const document = parse('127.0.0.1 - - [02/Feb/2019:05:38:45 +0100] "-" 408 152 "-" "-"');
    expect(document.http).toEqual({ response: { status_code: 408, body: { bytes: 152 } } });
    expect(document.url).toBeUndefined();
  });

  test('a forwarded list: the last address is the client; a host name goes to source.domain', () => {
    expect(
      parse('10.0.0.2, 10.0.0.1, 89.160.20.112 - - [29/May/2017:19:02:48 +0000] "GET /a HTTP/1.1" 200 612 "-" "x" "-"')
        .source,
    ).toEqual({ address: '89.160.20.112', ip: '89.160.20.112' });
    expect(parse('monitoring-server - - [29/May/2017:19:02:48 +0000] "GET /status HTTP/1.1" 200 612').source).toEqual({
      address: 'monitoring-server',
      domain: 'monitoring-server',
    });
  });

  test('an authenticated user, a query, a proxy-style absolute target, a POST', () => {
    const document = parse(
      '198.51.100.7 - alice [01/Jan/2024:00:00:00 +0000] "POST http://evil.example:8080/up.php?x=1 HTTP/1.0" 201 5 "https://ref.example/p" "curl/8"',
    );
    expect(document.user).toEqual({ name: 'alice' });
    expect(document.http.request).toEqual({ method: 'POST', referrer: 'https://ref.example/p' });
    expect(document.url).toEqual({
      original: 'http://evil.example:8080/up.php?x=1',
      domain: 'evil.example',
      path: '/up.php',
      query: 'x=1',
      extension: 'php',
    });
  });

  test('a malformed percent escape keeps the path as logged; a binary request line keeps the status', () => {
    expect(parse('192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] "GET /%zz%E0 HTTP/1.1" 400 0').url?.path).toBe('/%zz%E0');
    const tls = parse('192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] "\\x16\\x03\\x01\\x00\\xa5\\x01" 400 226 "-" "-"');
    expect(tls.http).toEqual({ response: { status_code: 400, body: { bytes: 226 } } });
  });

  test.each([
    ['', 'empty line'],
    ['garbage', 'no [timestamp]'],
    ['192.0.2.1 - - [32/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1', 'bad timestamp'],
    ['192.0.2.1 - - [31/Feb/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1', 'bad timestamp'],
    ['192.0.2.1 - - [01/Jan/2024:00:00:00 0000] "GET / HTTP/1.1" 200 1', 'bad timestamp'],
    ['192.0.2.1 - - [01/Jan/2024:00:00:00 +0000 "GET / HTTP/1.1" 200 1', 'unterminated [timestamp]'],
    ['192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] GET / HTTP/1.1 200 1', 'no quoted request line'],
    ['192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1 200 1', 'no quoted request line'],
    ['192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" OK 1', 'bad status code'],
    ['192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1e9', 'bad response size'],
    ['192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1 ref "ua"', 'bad referrer field'],
    ['192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua', 'bad user-agent field'],
  ])('bad line %j: %s', (line, expected) => {
    expect(reason(line)).toContain(expected);
  });

  test('hostile lines cost linear time: 60,000 backslashes and quotes, and an over-long line refused', () => {
    const evil = `192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "${'\\"'.repeat(30_000)}" "ua"`;
    const started = process.hrtime.bigint();
    expect(parse(evil).http.request?.referrer).toBe('"'.repeat(30_000));
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
    expect(reason('x'.repeat(70_000))).toContain('longer than');
  });

  test('a __proto__ user or path is data, never a key that pollutes', () => {
    const document = parse('192.0.2.1 - __proto__ [01/Jan/2024:00:00:00 +0000] "GET /__proto__ HTTP/1.1" 200 1');
    expect(document.user).toEqual({ name: '__proto__' });
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });

  test('timezone offsets: half-hour zones and the day boundary', () => {
    expect(new Date(parseApacheTime('01/Jan/2024:00:10:00 +0530')!).toISOString()).toBe('2023-12-31T18:40:00.000Z');
    expect(new Date(parseApacheTime('31/Dec/2023:23:59:59 -1000')!).toISOString()).toBe('2024-01-01T09:59:59.000Z');
  });

  test('a year below 100 is that year, not 19xx (Date.UTC reads years 0-99 as 1900-1999)', () => {
    // A line logged in year 0019 was indexed in 1919, a century and more from where it said it was.
    expect(new Date(parseApacheTime('06/Mar/0019:02:14:49 +0000')!).toISOString()).toBe('0019-03-06T02:14:49.000Z');
    expect(parseApacheTime('29/Feb/0019:00:00:00 +0000')).toBeUndefined();
    expect(new Date(parseApacheTime('29/Feb/0020:00:00:00 +0000')!).toISOString()).toBe('0020-02-29T00:00:00.000Z');
  });
});
