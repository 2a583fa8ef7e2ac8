import React from 'react';
import { EuiPanel, EuiText, EuiTitle } from '@elastic/eui';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { SourcesTable } from '../sources/sources_tables';

/** The credential attacks that named this user (the last year): the addresses, what they ran, whether they got in. */
export function UserAttacks({ userName }: { userName: string }) {
  const { api } = useServices();
  const { state } = useFetch(
    (signal) => api.sources({ user: userName, from: new Date(Date.now() - 365 * 86_400_000).toISOString() }, signal),
    [api, userName],
  );
  if (state.status !== 'ok' || state.data.sources.length === 0) return null;
  const compromised = state.data.sources.some((s) => s.compromised.includes(userName));
  return (
    <EuiPanel hasBorder data-test-subj="userAttacks">
      <EuiTitle size="xs">
        <h2>Credential attacks on this account</h2>
      </EuiTitle>
      <EuiText size="s" color={compromised ? 'danger' : 'subdued'}>
        <p>
          {compromised
            ? `${userName} logged in from an attacking address: a likely compromised account.`
            : `Attacked from ${state.data.sources.length} address${state.data.sources.length === 1 ? '' : 'es'}, with no login from them.`}
        </p>
      </EuiText>
      <SourcesTable sources={state.data.sources} caption={`Addresses that attacked ${userName}`} />
    </EuiPanel>
  );
}
