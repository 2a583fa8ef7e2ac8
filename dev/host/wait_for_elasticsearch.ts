/**
 * What Kibana waits for before it starts plugins (elastic/kibana src/core/packages/elasticsearch/server-internal/src/
 * elasticsearch_service.ts `start` → is_valid_connection.ts, version_check/ensure_es_version.ts @062321c1
 * `pollEsNodesVersion`): `GET /_nodes` (version, publish address, ip) answers with at least one node, from a server
 * that says it is Elasticsearch. Kibana never looks at the cluster health, so a yellow (or red) cluster is accepted;
 * its own status service reports Elasticsearch `available` once the nodes are compatible (status.ts).
 *
 * The dev host runs Kibana 8.19/9.x builds against Elasticsearch 8.14 jars, which Kibana would call incompatible; it
 * behaves as Kibana with `elasticsearch.ignoreVersionMismatch: true` (allowed in Kibana's dev mode): it logs Kibana's
 * "Ignoring version incompatibility" message and goes on.
 */
export interface NodesCompatibility {
  nodes: Array<{ version: string; name: string }>;
  message?: string;
}

async function nodesInfo(url: string): Promise<NodesCompatibility['nodes']> {
  const response = await fetch(`${url}/_nodes?filter_path=nodes.*.version,nodes.*.http.publish_address,nodes.*.ip`);
  if (response.headers.get('x-elastic-product') !== 'Elasticsearch') {
    // is_valid_connection.ts: a product check error is fatal, not retried.
    throw Object.assign(
      new Error('The client noticed that the server is not Elasticsearch and we do not support this unknown product.'),
      {
        fatal: true,
      },
    );
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as {
    nodes?: Record<string, { version: string; ip: string; http?: { publish_address: string } }>;
  };
  return Object.keys(body.nodes ?? {})
    .sort()
    .map((id) => {
      const node = body.nodes![id];
      return { version: node.version, name: `v${node.version} @ ${node.http?.publish_address ?? ''} (${node.ip})` };
    });
}

/** ES and Kibana are compatible when the majors match and ES's minor is at least Kibana's (es_kibana_version_compatability.ts). */
function compatible(esVersion: string, kibanaVersion: string): boolean {
  const [esMajor, esMinor] = esVersion.split('.').map(Number);
  const [kbnMajor, kbnMinor] = kibanaVersion.split('.').map(Number);
  return esMajor === kbnMajor && esMinor >= kbnMinor;
}

export async function waitForElasticsearch(
  url: string,
  kibanaVersion: string,
  options: { timeoutMs?: number; intervalMs?: number; log?: (line: string) => void } = {},
): Promise<NodesCompatibility> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let problem = 'no answer';
  for (;;) {
    try {
      const nodes = await nodesInfo(url);
      if (nodes.length > 0) {
        const incompatible = nodes.filter((n) => !compatible(n.version, kibanaVersion));
        const message = incompatible.length
          ? `Ignoring version incompatibility between Kibana v${kibanaVersion} and the following Elasticsearch nodes: ${incompatible.map((n) => n.name).join(', ')}`
          : undefined;
        if (message) options.log?.(message);
        return { nodes, message };
      }
      problem = 'Unable to retrieve version information from Elasticsearch nodes.';
    } catch (error) {
      if ((error as { fatal?: boolean }).fatal) throw error;
      problem = `Unable to retrieve version information from Elasticsearch nodes. ${(error as Error).message}`;
    }
    if (Date.now() > deadline) throw new Error(`Elasticsearch at ${url} did not answer as Kibana needs: ${problem}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
  }
}
