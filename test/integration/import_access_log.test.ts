/**
 * `buffalogs import-access-log` on the real node with a slice of a real day (the first 400 lines of 2019-04-04 plus
 * its 9 lines with escaped quotes) and one line that is not an access-log line: every good line becomes one document
 * with the fields of Elastic's Apache integration, the bad line is reported with its number and reason, and importing
 * the same file again adds nothing.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { runImportAccessLog } from '../../server/cli/import_access_log_command';
import { deleteIndices, esClient, esUrl, uniqueIndexName } from '../helpers/es';
import { WEB_ACCESS_DIR } from '../../scripts/shared_data';

jest.setTimeout(120_000);

const REAL = join(WEB_ACCESS_DIR, 'access.log.2019-04-04.log');
const lines = readFileSync(REAL, 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const slice = [...lines.slice(0, 400), ...lines.slice(400).filter((l) => l.includes('\\"'))];
const escapedInSlice = slice.filter((l) => l.includes('\\"')).length;
// An index no template covers (the test node has no logs-*-* template): the importer gives it ECS mappings.
const stream = uniqueIndexName('web-access-import');
const dir = mkdtempSync(join(tmpdir(), 'import-access-'));
const file = join(dir, 'slice.log');
let client: Client;

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (s: string) => ((out.stdout += s), true) },
      stderr: { write: (s: string) => ((out.stderr += s), true) },
      stdin: process.stdin,
    } as unknown as Parameters<typeof runImportAccessLog>[1],
  };
}

beforeAll(() => {
  client = esClient();
  // Line 101 is not an access-log line.
  writeFileSync(
    file,
    [...slice.slice(0, 100), 'this is not an access log line', ...slice.slice(100)].join('\n') + '\n',
  );
});

afterAll(async () => {
  await deleteIndices(client, stream);
  await client.close();
  rmSync(dir, { recursive: true, force: true });
});

test('imports every good line, reports the bad one, and a second import adds nothing', async () => {
  expect(escapedInSlice).toBe(9);
  const first = io();
  const code = await runImportAccessLog([file, '--es', esUrl(), '--index', stream, '--batch-size', '97'], first.io);
  expect(first.out.stderr).toBe(`${file}:101: no [timestamp]\n`);
  expect(first.out.stdout).toBe(`${slice.length + 1} lines: ${slice.length} indexed, 0 already present, 1 bad\n`);
  expect(code).toBe(0);
  await client.indices.refresh({ index: stream });
  expect((await client.count({ index: stream })).count).toBe(slice.length);

  // ECS mappings: source.ip is an ip, the status a number, so the detectors' queries work.
  const mapping = await client.indices.getFieldMapping({
    index: stream,
    fields: ['source.ip', 'http.response.status_code'],
  });
  const fields = Object.values(mapping)[0].mappings;
  expect(fields['source.ip'].mapping).toEqual({ ip: { type: 'ip' } });
  expect(Object.values(fields['http.response.status_code'].mapping)[0]).toMatchObject({ type: 'long' });

  // The exploit line LogiSOC drops is there, its referrer unescaped.
  const exploit = await client.search<{ http: { request: { referrer: string } } }>({
    index: stream,
    query: { bool: { filter: [{ term: { 'source.ip': '182.129.252.216' } }, { term: { 'url.path': '/user.php' } }] } },
  });
  expect(exploit.hits.hits.length).toBeGreaterThan(0);
  expect(exploit.hits.hits[0]._source!.http.request.referrer).toContain('s:3:"num"');

  const again = io();
  expect(await runImportAccessLog([file, '--es', esUrl(), '--index', stream], again.io)).toBe(0);
  expect(again.out.stdout).toBe(`${slice.length + 1} lines: 0 indexed, ${slice.length} already present, 1 bad\n`);
  await client.indices.refresh({ index: stream });
  expect((await client.count({ index: stream })).count).toBe(slice.length);
});

test('usage mistakes are refused with a sentence and exit code 2', async () => {
  const bad = io();
  expect(await runImportAccessLog([file, '--es', esUrl(), '--index', 'Bad Name'], bad.io)).toBe(2);
  expect(bad.out.stderr).toContain('not a valid index name');
  const none = io();
  expect(await runImportAccessLog(['--es', esUrl(), '--index', 'x'], none.io)).toBe(2);
  expect(none.out.stderr).toContain('at least one access-log FILE');
});

test('a file that cannot be read, after one that can: nothing is imported, and the file is named', async () => {
  // Before, the readable file was imported and the run then stopped at the missing one with exit 1: the user could not
  // tell what was in the index.
  const target = uniqueIndexName('web-access-missing');
  const missing = join(dir, 'rotated.log.1');
  const r = io();
  expect(await runImportAccessLog([file, missing, '--es', esUrl(), '--index', target], r.io)).toBe(1);
  expect(r.out.stderr).toBe(
    `buffalogs import-access-log: cannot read ${missing}: no such file or directory; nothing was imported\n`,
  );
  expect(r.out.stdout).toBe('');
  expect(await client.indices.exists({ index: target })).toBe(false);
  await deleteIndices(client, target);
});

test('a 256 MiB line is reported as too long without being held, and the lines around it are imported', async () => {
  // node:readline kept the whole line until its newline before the parser refused it by its length.
  const target = uniqueIndexName('web-access-long');
  const long = join(dir, 'long.log');
  const fd = openSync(long, 'w');
  writeSync(fd, `${slice.slice(0, 3).join('\n')}\n`);
  const mib = Buffer.alloc(1024 * 1024, 'a');
  for (let i = 0; i < 256; i++) writeSync(fd, mib);
  writeSync(fd, `\n${slice.slice(3, 5).join('\n')}\n`);
  closeSync(fd);
  const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const base = used();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, used() - base)), 1);
  const r = io();
  try {
    expect(await runImportAccessLog([long, '--es', esUrl(), '--index', target], r.io)).toBe(0);
  } finally {
    clearInterval(sampler);
    rmSync(long);
  }
  expect(peak).toBeLessThan(64 * 1024 * 1024);
  expect(r.out.stderr).toBe(`${long}:4: line longer than 65536 characters\n`);
  expect(r.out.stdout).toBe('6 lines: 5 indexed, 0 already present, 1 bad\n');
  await deleteIndices(client, target);
});

test('a protocol version longer than a keyword term may be is kept in the document, not a reason to lose the request', async () => {
  // The request line's last word is the client's: `GET / HTTP/<40,000 characters>` was refused whole as the referrer was.
  const target = uniqueIndexName('web-access-version');
  const withProtocol = slice.find((l) => / HTTP\/1\.[01]" /.test(l))!;
  const huge = `1.1${'x'.repeat(40_000)}`;
  const line = withProtocol.replace(/ HTTP\/1\.[01]" /, ` HTTP/${huge}" `);
  expect(line).toContain(huge);
  const long = join(dir, 'version.log');
  writeFileSync(long, `${line}\n`);
  const r = io();
  expect(await runImportAccessLog([long, '--es', esUrl(), '--index', target], r.io)).toBe(0);
  expect(r.out.stdout).toBe('1 lines: 1 indexed, 0 already present, 0 bad\n');
  await client.indices.refresh({ index: target });
  const found = await client.search<{ http: { version: string } }>({ index: target });
  expect(found.hits.hits.map((h) => h._source!.http.version)).toEqual([huge]);
  rmSync(long);
  await deleteIndices(client, target);
});

test('a referrer longer than a keyword term may be is kept in the document, not a reason to lose the request', async () => {
  // A keyword term is at most 32,766 bytes: without ignore_above, Elasticsearch refused the whole document, so a
  // client sending a 40,000-character Referer (a scanner, a junk link) erased its own request from the logs.
  const target = uniqueIndexName('web-access-referrer');
  const withReferrer = slice.find((l) => /" \d{3} (\d+|-) "[^"]+" "/.test(l))!;
  const huge = `https://spam.example/${'x'.repeat(40_000)}`;
  const line = withReferrer.replace(/(" \d{3} (?:\d+|-) )"[^"]*"/, `$1"${huge}"`);
  expect(line).toContain(huge);
  const long = join(dir, 'referrer.log');
  writeFileSync(long, `${line}\n`);
  const r = io();
  expect(await runImportAccessLog([long, '--es', esUrl(), '--index', target], r.io)).toBe(0);
  expect(r.out.stdout).toBe('1 lines: 1 indexed, 0 already present, 0 bad\n');
  await client.indices.refresh({ index: target });
  const found = await client.search<{ http: { request: { referrer: string } } }>({ index: target });
  expect(found.hits.hits.map((h) => h._source!.http.request.referrer)).toEqual([huge]);
  rmSync(long);
  await deleteIndices(client, target);
});
