/**
 * The whole input of `buffalogs detect` in time order, whatever the order of its lines: a file concatenated from two
 * sources, or shuffled, is judged exactly as the sorted file. Judging in input order would compare a login with
 * logins that happened after it, and a takeover could be hidden among a later source's lines.
 *
 * An external merge sort keeps memory bounded by the run size, never by the input: logins are collected into runs
 * of `runSize`; while the input fits in one run it is sorted in memory, otherwise each run is sorted and written to a
 * temporary file (NDJSON of normalised logins) and the runs are merged, one line of each in memory at a time.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { readLines } from '../read_lines';
import { byTimeIndexId, type LoginEvent } from '../detection';

export class TimeSorter {
  private run: LoginEvent[] = [];
  private readonly files: string[] = [];
  private dir: string | undefined;

  constructor(private readonly runSize: number) {}

  async add(event: LoginEvent): Promise<void> {
    this.run.push(event);
    if (this.run.length >= this.runSize) await this.spill();
  }

  /** Every login added, in time order. Removes the temporary files when done (or abandoned). */
  async *sorted(): AsyncGenerator<LoginEvent> {
    try {
      if (this.files.length === 0) {
        const run = this.run.sort(byTimeIndexId);
        this.run = [];
        yield* run;
        return;
      }
      if (this.run.length) await this.spill();
      yield* mergeRuns(this.files);
    } finally {
      await this.dispose();
    }
  }

  async dispose(): Promise<void> {
    this.run = [];
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private async spill(): Promise<void> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'buffalogs-sort-'));
    const file = join(this.dir, `run-${this.files.length}.ndjson`);
    const run = this.run.sort(byTimeIndexId);
    this.run = [];
    const out = createWriteStream(file);
    for (const event of run) if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    this.files.push(file);
  }
}

async function* mergeRuns(files: readonly string[]): AsyncGenerator<LoginEvent> {
  // Unbounded: a run holds what this process wrote, one login normalised from an input line within the readers' bound.
  const readers = files.map((file) => readLines(createReadStream(file), Infinity));
  const heads: Array<LoginEvent | undefined> = [];
  const advance = async (i: number): Promise<void> => {
    const next = await readers[i].next();
    heads[i] = next.done ? undefined : (JSON.parse(next.value as string) as LoginEvent);
  };
  try {
    await Promise.all(readers.map((_, i) => advance(i)));
    for (;;) {
      // A linear scan: runs are few (the input over the run size), and each comparison is cheap.
      let min = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i];
        if (head !== undefined && (min < 0 || byTimeIndexId(head, heads[min]!) < 0)) min = i;
      }
      if (min < 0) return;
      yield heads[min]!;
      await advance(min);
    }
  } finally {
    for (const reader of readers) await reader.return(undefined);
  }
}
