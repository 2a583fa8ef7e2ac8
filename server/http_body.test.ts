/**
 * readCapped: an answer read up to its cap, and a read that a cancellation or time-out ends even when the server sent
 * its headers and then nothing more.
 */
import { readCapped } from './http_body';

const encoder = new TextEncoder();
/** A body that sends `parts` and then, unless `end`, nothing more (a stalled server). */
const body = (parts: string[], end = true) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const p of parts) controller.enqueue(encoder.encode(p));
        if (end) controller.close();
      },
    }),
  );

test('a whole answer as text; past the cap nothing, or its head when asked', async () => {
  expect(await readCapped(body(['{"data":', '1}']), 100)).toBe('{"data":1}');
  expect(await readCapped(body(['0123456789', 'abcdef']), 12)).toBeUndefined();
  expect(await readCapped(body(['0123456789', 'abcdef']), 12, true)).toBe('0123456789ab');
});

test('an abort while the body stalls rejects the read with its reason, instead of waiting for ever', async () => {
  const controller = new AbortController();
  const read = readCapped(body(['{"data":'], false), 1000, false, controller.signal);
  setTimeout(() => controller.abort(new Error('pass cancelled')), 20);
  // Before: the stalled read waited past the abort (the test's own time-out below failed it).
  await expect(read).rejects.toThrow('pass cancelled');
}, 2_000);

test('a time-out signal ends a stalled read too; an aborted signal refuses to start', async () => {
  await expect(readCapped(body(['{'], false), 1000, false, AbortSignal.timeout(20))).rejects.toThrow(/timeout/i);
  const aborted = AbortSignal.abort(new Error('already'));
  await expect(readCapped(body(['{}']), 1000, false, aborted)).rejects.toThrow('already');
}, 2_000);
