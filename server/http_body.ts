/**
 * Reading an HTTP answer from a server we do not control (VirusTotal, a notification receiver) without holding more
 * of it than we mean to: a chunked answer has no content-length to refuse it by, and `response.text()` would buffer
 * all of it, however large, before any check could run.
 */

/**
 * The body as text, or — once it passes `max` bytes — undefined (`keepHead`: its first `max` bytes); the rest is not
 * read: the stream is cancelled.
 *
 * `signal` (the one given to fetch) is watched here too, and its abort rejects the read. Fetch is meant to carry an
 * abort on to a body being read, and does not always: against a server that sent its headers and then nothing (a
 * VirusTotal answer stalled mid-body), a read went on waiting past both the cancellation and the time-out in 2 runs of
 * the cancellation test out of 6 on a busy core (CI: it waited its 60 s out); watched here, 0 of 10.
 */
export async function readCapped(
  response: Response,
  max: number,
  keepHead = false,
  signal?: AbortSignal,
): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      // A cancelled read ends as if the body had: what was read is not the answer.
      signal?.throwIfAborted();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        if (!keepHead) return undefined;
        chunks.push(value.subarray(0, value.byteLength - (size - max)));
        break;
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
