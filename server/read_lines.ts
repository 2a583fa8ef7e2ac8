/**
 * The lines of a stream, none held longer than a bound. node:readline keeps a line until its line break arrives,
 * however long: one line of a corrupt or hostile file with no newline for gigabytes grew the process until it died
 * (past V8's longest string, about 512 MiB, readline threw from a stream callback and the run ended uncaught). Here
 * a line that passes `maxBytes` is dropped chunk by chunk as it arrives, until its line break, and yielded as a
 * `LongLine` (its length), so the caller reports it by number and reads on.
 *
 * Lines end as readline's with `crlfDelay: Infinity` end them: at `\n`, `\r\n` or a lone `\r`; a last line without a
 * line break is a line, an empty remainder is none. Each line is decoded as UTF-8 on its own (a line-break byte is
 * never part of a multi-byte character, so none is split).
 */

/** A line longer than the bound: only its length in bytes (line break excluded) is known. */
export class LongLine {
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {}

  /** What a reject line says after `line too long`. */
  get detail(): string {
    return `${this.bytes} bytes; a document is at most ${this.maxBytes}`;
  }
}

const LF = 0x0a;
const CR = 0x0d;

/** `input`'s lines (Buffers or strings, as a stream in either mode yields them); `maxBytes` may be Infinity. */
export async function* readLines(input: AsyncIterable<unknown>, maxBytes: number): AsyncGenerator<string | LongLine> {
  // The current line's bytes from earlier chunks, while it fits; `dropped` counts them instead once it does not.
  let held: Buffer[] = [];
  let heldBytes = 0;
  let dropped = -1;
  // The last chunk ended with `\r`: a `\n` starting this one ends the same line.
  let afterCr = false;

  /** The line that ends at `chunk[stop]`, its last part `chunk[start, stop)`. */
  const end = (chunk: Buffer, start: number, stop: number): string | LongLine => {
    const bytes = (dropped >= 0 ? dropped : heldBytes) + stop - start;
    let line: string | LongLine;
    if (bytes > maxBytes) line = new LongLine(bytes, maxBytes);
    else if (heldBytes === 0) line = chunk.toString('utf8', start, stop);
    else line = Buffer.concat([...held, chunk.subarray(start, stop)]).toString('utf8');
    held = [];
    heldBytes = 0;
    dropped = -1;
    return line;
  };

  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : (raw as Buffer);
    let start = 0;
    if (afterCr && chunk.length > 0) {
      if (chunk[0] === LF) start = 1;
      afterCr = false;
    }
    // The next `\n` and `\r` at or after `start`, each searched again only once passed: -1 when the chunk has none
    // left, so a chunk is scanned once whatever its mix of line breaks.
    let lf = -2;
    let cr = -2;
    while (start < chunk.length) {
      if (lf !== -1 && lf < start) lf = chunk.indexOf(LF, start);
      if (cr !== -1 && cr < start) cr = chunk.indexOf(CR, start);
      const stop = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (stop === -1) {
        const rest = chunk.length - start;
        if (dropped >= 0) dropped += rest;
        else if (heldBytes + rest > maxBytes) {
          dropped = heldBytes + rest;
          held = [];
          heldBytes = 0;
        } else {
          held.push(chunk.subarray(start));
          heldBytes += rest;
        }
        break;
      }
      yield end(chunk, start, stop);
      start = stop + 1;
      if (chunk[stop] === CR) {
        if (stop + 1 === chunk.length) afterCr = true;
        else if (chunk[stop + 1] === LF) start++;
      }
    }
  }
  if (heldBytes > 0 || dropped >= 0) yield end(Buffer.alloc(0), 0, 0);
}
