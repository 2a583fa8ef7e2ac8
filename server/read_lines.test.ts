import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { LongLine, readLines } from './read_lines';

const collect = async (chunks: Array<Buffer | string>, max = Infinity): Promise<Array<string | LongLine>> => {
  const out: Array<string | LongLine> = [];
  for await (const line of readLines(Readable.from(chunks), max)) out.push(line);
  return out;
};
const viaReadline = async (chunks: Buffer[]): Promise<string[]> => {
  const out: string[] = [];
  for await (const line of createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) out.push(line);
  return out;
};

/** A seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('readLines', () => {
  it('splits as readline with crlfDelay Infinity does, wherever the chunks are cut', async () => {
    // Line breaks of every kind, empty lines, multi-byte characters (cut across chunks), bytes that are no UTF-8
    // (a stray continuation byte, a character cut short by a line break), a last line without a break.
    const pieces = ['\n', '\r\n', '\r', '', 'a', 'é', '€', '😀', '{"x":1}', ' ', '\r\r\n', '\n\n']
      .map((p) => Buffer.from(p))
      .concat([Buffer.from([0xff]), Buffer.from([0xe2, 0x82])]);
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const text = Array.from({ length: Math.floor(next() * 40) }, () => pieces[Math.floor(next() * pieces.length)]);
      const bytes = Buffer.concat(text);
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(next() * 6);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      // Compared with the input ended by a line break: without one, readline drops a character cut short by the end of
      // the input, which is U+FFFD here as anywhere else; a last line is otherwise the same with or without it.
      const ended = bytes.length === 0 || bytes[bytes.length - 1] === 0x0a ? chunks : [...chunks, Buffer.from('\n')];
      expect([seed, await collect(chunks)]).toEqual([seed, await viaReadline(ended)]);
    }
  });

  it('takes string chunks (a stream with an encoding) as their UTF-8 bytes', async () => {
    expect(await collect(['ab\r', '\ncé\n', 'd'])).toEqual(['ab', 'cé', 'd']);
  });

  it('yields a line over the bound as its length, whole or in pieces, and the lines around it', async () => {
    expect(await collect(['12345\n123456\n', '1234\n'], 5)).toEqual(['12345', new LongLine(6, 5), '1234']);
    expect(await collect(['12', '34', '56', '78\r', '\nok'], 5)).toEqual([new LongLine(8, 5), 'ok']);
    // The bound counts bytes: 'é' is two.
    expect(await collect(['ééé\n'], 5)).toEqual([new LongLine(6, 5)]);
    expect(await collect(['abc', 'defgh'], 5)).toEqual([new LongLine(8, 5)]);
    expect(new LongLine(8, 5).detail).toBe('8 bytes; a document is at most 5');
  });

  it('counts a line far over the bound to its end, and reads on', async () => {
    const kept: number[] = [];
    const chunk = Buffer.alloc(1000, 'a');
    async function* endless(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 10_000; i++) yield chunk; // 10 MB, no line break
      yield Buffer.from('\nlast');
    }
    const lines = readLines(endless(), 2500);
    for await (const line of lines) kept.push(typeof line === 'string' ? line.length : -line.bytes);
    expect(kept).toEqual([-10_000_000, 4]);
  });
});
