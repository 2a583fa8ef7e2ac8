/**
 * Reading an HTTP answer from a server we do not control (VirusTotal, a notification receiver) without holding more
 * of it than we mean to: a chunked answer has no content-length to refuse it by, and `response.text()` would buffer
 * all of it, however large, before any check could run.
 */

/**
 * The body as text, or — once it passes `max` bytes — undefined (`keepHead`: its first `max` bytes); the rest is not
 * read: the stream is cancelled.
 */
export async function readCapped(response: Response, max: number, keepHead = false): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
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
}
