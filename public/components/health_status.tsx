import React, { useEffect, useState } from 'react';
import { EuiCallOut, EuiDescriptionList, EuiHealth, EuiLoadingSpinner, EuiPanel } from '@elastic/eui';
import type { HttpStart } from '@kbn/core/public';
import type { HealthResponse } from '../../common/health';
import { describeHttpError, fetchHealth } from '../services/health';

type HealthState = { kind: 'loading' } | { kind: 'ok'; health: HealthResponse } | { kind: 'error'; message: string };

/** Shows whether the plugin's server side is up and reaches Elasticsearch. */
export function HealthStatus({ http }: { http: HttpStart }) {
  const [state, setState] = useState<HealthState>({ kind: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetchHealth(http, controller.signal).then(
      (health) => setState({ kind: 'ok', health }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'error', message: describeHttpError(error) });
      },
    );
    return () => controller.abort();
  }, [http]);

  if (state.kind === 'loading') {
    return <EuiLoadingSpinner size="l" aria-label="Checking BuffaLogs health" />;
  }
  if (state.kind === 'error') {
    return (
      <EuiCallOut title="BuffaLogs is not healthy" color="danger" iconType="error" role="alert">
        <p>{state.message}</p>
      </EuiCallOut>
    );
  }
  const { health } = state;
  return (
    <EuiPanel hasBorder>
      <EuiHealth color="success">Elasticsearch reachable</EuiHealth>
      <EuiDescriptionList
        type="column"
        compressed
        listItems={[
          { title: 'Plugin version', description: health.version },
          { title: 'Cluster', description: health.elasticsearch.clusterName },
          { title: 'Elasticsearch version', description: health.elasticsearch.version },
        ]}
      />
    </EuiPanel>
  );
}
