/**
 * A DNS sample indexed on the test node (scripts/anomaly/dns_generator.ts): documents `d-<n>` in one index, their
 * planted truth kept beside them (never in them), as the anomaly explorer's integration tests read it.
 */
import type { Client } from '@elastic/elasticsearch';
import { generateDns, type Truth } from '../../../scripts/anomaly/dns_generator';

export async function indexDnsSample(
  client: Client,
  index: string,
  options: { records: number; seed: number; start: number },
): Promise<Map<string, Truth>> {
  const truth = new Map<string, Truth>();
  const operations: unknown[] = [];
  let i = 0;
  for (const { record, truth: t } of generateDns(options)) {
    const id = `d-${i++}`;
    truth.set(id, t);
    operations.push({ index: { _index: index, _id: id } }, record);
  }
  await client.indices.create({
    index,
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        source: { properties: { ip: { type: 'ip' } } },
        dns: { properties: { question: { properties: { name: { type: 'keyword' }, type: { type: 'keyword' } } } } },
      },
    },
  });
  const bulk = await client.bulk({ operations, refresh: true });
  if (bulk.errors) throw new Error('the DNS sample was not indexed whole');
  return truth;
}
