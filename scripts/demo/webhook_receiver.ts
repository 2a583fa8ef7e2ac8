/**
 * A local webhook receiver for the demo: prints every request it receives (path, BuffaLogs headers, JSON body), so a
 * `type: webhook` channel can be watched delivering. Loopback only.
 *
 *   npx tsx scripts/demo/webhook_receiver.ts [port]     (default 9999)
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 9999);
const MAX_BODY = 1024 * 1024;

createServer((req, res) => {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= MAX_BODY) chunks.push(c);
  });
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // not JSON: print the text
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-buffalogs')));
    console.log(`${new Date().toISOString()} ${req.method} ${req.url}`, JSON.stringify(headers));
    console.log(JSON.stringify(body, null, 2));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
}).listen(port, '127.0.0.1', () => console.log(`webhook receiver on http://127.0.0.1:${port}/`));
