/**
 * Jest global setup for the projects that need a real Elasticsearch (integration, e2e): starts ONE node for the whole
 * run and hands its URL to the test workers through process.env.ES_URL (workers inherit the parent's environment).
 * When ES_URL is already set, that cluster is used and nothing is started.
 *
 * It is configured per project rather than at the root, because Jest then runs it only when a selected test belongs
 * to such a project: `npm run test:unit` never starts Java. Both projects name this same file, and Jest runs a global
 * setup module once per run however many projects share it.
 */
import { startElasticsearch } from '../scripts/es';

type Stop = () => Promise<void>;
const globals = globalThis as typeof globalThis & { __BUFFALOGS_ES_STOP__?: Stop };

export default async function globalSetup(): Promise<void> {
  if (process.env.ES_URL) return;
  const startedAt = Date.now();
  const node = await startElasticsearch({ log: (line) => process.stderr.write(`[es] ${line}\n`) });
  process.env.ES_URL = node.url;
  globals.__BUFFALOGS_ES_STOP__ = node.stop;
  process.stderr.write(`\nElasticsearch for this run: ${node.url} (started in ${Date.now() - startedAt} ms)\n`);
}
