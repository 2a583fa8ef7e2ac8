/**
 * `buffalogs import-access-log` given several files, one of which cannot be read: refused before anything is sent,
 * every such file named. Importing stopped at the bad file: the files before it were in the index, the ones after it
 * not, and the user had to work out which. (The import itself runs against a real node in
 * test/integration/import_access_log.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './__fixtures__/run_cli';

const dir = mkdtempSync(join(tmpdir(), 'buffalogs-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const good = join(dir, 'access.log');
writeFileSync(good, '127.0.0.1 - - [06/Mar/2019:00:00:01 +0000] "GET / HTTP/1.1" 200 10 "-" "curl/8"\n');
// Nothing listens on the discard port: a command that got as far as the cluster would fail with a connection error.
const NO_CLUSTER = ['--es', 'http://127.0.0.1:9', '--index', 'logs-apache.access-test'];

test('a missing file among several: refused with its name, exit 1, before the cluster is contacted', async () => {
  const missing = join(dir, 'access.log.1');
  const r = await run(['import-access-log', good, missing, good, ...NO_CLUSTER]);
  expect(r.stderr).toBe(
    `buffalogs import-access-log: cannot read ${missing}: no such file or directory; nothing was imported\n`,
  );
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
});

test('names every file that cannot be read, a directory among them', async () => {
  const folder = join(dir, 'logs');
  mkdirSync(folder);
  const missing = join(dir, 'gone.log');
  const r = await run(['import-access-log', missing, good, folder, ...NO_CLUSTER]);
  expect(r.stderr).toBe(
    `buffalogs import-access-log: cannot read ${missing}: no such file or directory; ` +
      `cannot read ${folder}: a directory; nothing was imported\n`,
  );
  expect(r.code).toBe(1);
});
