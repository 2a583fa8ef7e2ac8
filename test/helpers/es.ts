/**
 * What test files need to talk to the run's Elasticsearch (started by test/global_setup.ts, or ES_URL).
 * Every file works in indices of its own (uniqueIndexName), so files can run in parallel on one node.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';

/** The cluster under test. Fails with a clear message when a test runs outside the harness. */
export function esUrl(): string {
  const url = process.env.ES_URL;
  if (!url) {
    throw new Error(
      'ES_URL is not set: run this test through Jest with the integration/e2e project (its global setup starts ' +
        'Elasticsearch), or point ES_URL at a running cluster (npm run es prints one).',
    );
  }
  return url;
}

/** A client for the cluster under test. Close it in afterAll (`await client.close()`). */
export function esClient(): Client {
  return new Client({ node: esUrl(), requestTimeout: 30_000 });
}

/**
 * An index name no other test (or earlier run against the same cluster) uses: `<prefix>-<time>-<random>`, lowercase
 * as Elasticsearch requires. Delete what you create with `deleteIndices(client, name)`.
 */
export function uniqueIndexName(prefix: string): string {
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
  return `${safePrefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Deletes the named indices, ignoring ones that do not exist (wildcards are refused by ES 8's defaults). */
export async function deleteIndices(client: Client, ...names: string[]): Promise<void> {
  if (names.length === 0) return;
  await client.indices.delete({ index: names, ignore_unavailable: true });
}

/**
 * Makes the node its own remote cluster under `alias` (cross-cluster search: `<alias>:<index>` reads the node's own
 * `<index>` through the remote-cluster transport), and waits until the connection is up. Returns the clean-up, which
 * removes the setting so other test files sharing the node are unaffected.
 */
export async function addSelfAsRemote(client: Client, alias: string): Promise<() => Promise<void>> {
  const info = await client.nodes.info({ node_id: '_local', metric: 'transport' });
  const address = Object.values(info.nodes)[0]?.transport?.publish_address;
  if (!address) throw new Error(`the node named no transport address: ${JSON.stringify(info.nodes)}`);
  const setting = `cluster.remote.${alias}.seeds`;
  await client.cluster.putSettings({ persistent: { [setting]: [address] } });
  for (let tries = 0; !(await client.cluster.remoteInfo())[alias]?.connected; tries++) {
    if (tries === 100) throw new Error(`remote cluster "${alias}" (${address}) did not connect`);
    // A search names the remote and so makes the connection; remote_info only reports it.
    await client.search({ index: `${alias}:*`, size: 0, ignore_unavailable: true }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return async () => {
    await client.cluster.putSettings({ persistent: { [setting]: null } });
  };
}

/**
 * A remote cluster `alias` that cannot be reached (a seed where nothing listens) with `skip_unavailable: true`, the
 * default since Elasticsearch 8.15: searches naming it answer 200 without its data, `_clusters.skipped` saying so.
 * Returns the clean-up.
 */
export async function addUnreachableRemote(client: Client, alias: string): Promise<() => Promise<void>> {
  const prefix = `cluster.remote.${alias}`;
  await client.cluster.putSettings({
    persistent: { [`${prefix}.seeds`]: ['127.0.0.1:1'], [`${prefix}.skip_unavailable`]: true },
  });
  return async () => {
    await client.cluster.putSettings({
      persistent: { [`${prefix}.seeds`]: null, [`${prefix}.skip_unavailable`]: null },
    });
  };
}
