/** The CLI in-process: `main` with in-memory streams, for the CLI's tests. */
import { PassThrough, Readable } from 'node:stream';
import type { AlertDocument } from '../../../common/alert_document';
import { main } from '../main';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  alerts: AlertDocument[];
}

export async function run(argv: string[], stdin: string | Buffer = ''): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await main(argv, { stdin: Readable.from([stdin]), stdout, stderr });
  const text = out.join('');
  const alerts =
    code === 0 && !text.startsWith('Usage')
      ? text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as AlertDocument)
      : [];
  return { code, stdout: text, stderr: err.join(''), alerts };
}
