/** Body of `GET /api/buffalogs/health` (server/routes/health.ts), as the browser reads it. */
export interface HealthResponse {
  status: 'ok';
  /** The plugin's version (kibana.json `version`). */
  version: string;
  apiVersion: string;
  elasticsearch: { reachable: true; clusterName: string; version: string };
}

/** `attributes` of the 503 answered when Elasticsearch cannot be reached. */
export interface HealthUnavailableAttributes {
  status: 'unavailable';
  version: string;
  apiVersion: string;
}
