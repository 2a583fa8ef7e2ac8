import React, { useState } from 'react';
import { EuiFlexGroup, EuiFlexItem, EuiPageTemplate, EuiPanel, EuiSpacer, EuiStat, EuiTitle } from '@elastic/eui';
import { useFetch } from '../../hooks/use_fetch';
import { useIsoRange } from '../../hooks/use_iso_range';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { useServices } from '../../hooks/use_services';
import { paths, type TimeRange } from '../../router/routes';
import { formatNumber } from '../shared/format';
import { PageError } from '../shared/page_error';
import { PageTimeBar } from '../shared/time_picker';
import { SourceHealthPanel } from './source_health_panel';
import { NetworksTable, SourcesTable } from './sources_tables';
import { SourcesTimeline } from './sources_timeline';

/**
 * Each authentication source's health over the range (issue 13: events, logins recognised, what was skipped and why,
 * fields missing), then where credential attacks come from (issue 14): the addresses and networks that ran stuffing, spray, brute force or
 * MFA fatigue, the users they targeted and the accounts they broke into, and when.
 */
export function SourcesPage({ range }: { range: TimeRange }) {
  usePageChrome([{ text: 'Sources' }]);
  const { api } = useServices();
  const [refreshCount, setRefreshCount] = useState(0);
  const { from, to } = useIsoRange(range, refreshCount);
  // refreshCount too: an absolute range resolves to the same dates on a refresh, which must still ask again.
  const { state, reload } = useFetch((signal) => api.sources({ from, to }, signal), [api, from, to, refreshCount]);
  return (
    <EuiPageTemplate.Section>
      <PageTimeBar
        range={range}
        pathFor={paths.sources}
        onRefresh={() => setRefreshCount((n) => n + 1)}
        dataTestSubj="sourcesDatePicker"
      />
      <EuiSpacer size="m" />
      <SourceHealthPanel from={from} to={to} refreshCount={refreshCount} />
      <EuiSpacer size="m" />
      {state.status === 'error' && (
        <PageError title="Could not load the sources" message={state.error} onRetry={reload} />
      )}
      <EuiFlexGroup gutterSize="m">
        <EuiFlexItem grow={false}>
          <EuiPanel hasBorder>
            <EuiStat
              title={state.status === 'ok' ? formatNumber(state.data.total_sources) : '…'}
              description="Attacking addresses"
              titleSize="m"
              isLoading={state.status === 'loading'}
              data-test-subj="sourcesTotal"
            />
          </EuiPanel>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiPanel hasBorder>
            <EuiStat
              title={state.status === 'ok' ? formatNumber(state.data.compromised_accounts) : '…'}
              description="Compromised accounts"
              titleSize="m"
              titleColor={state.status === 'ok' && state.data.compromised_accounts > 0 ? 'danger' : 'default'}
              isLoading={state.status === 'loading'}
              data-test-subj="sourcesCompromisedTotal"
            />
          </EuiPanel>
        </EuiFlexItem>
        <EuiFlexItem>
          <SourcesTimeline state={state} onRetry={reload} />
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiSpacer size="m" />
      {state.status === 'ok' && (
        <>
          <EuiPanel hasBorder>
            <EuiTitle size="xs">
              <h2>Attacking addresses</h2>
            </EuiTitle>
            <SourcesTable sources={state.data.sources} caption="Attacking addresses" />
          </EuiPanel>
          <EuiSpacer size="m" />
          <EuiPanel hasBorder>
            <EuiTitle size="xs">
              <h2>Attacking networks</h2>
            </EuiTitle>
            <NetworksTable networks={state.data.networks} />
          </EuiPanel>
        </>
      )}
    </EuiPageTemplate.Section>
  );
}
