import React from 'react';
import { EuiPanel, EuiSpacer, EuiTitle } from '@elastic/eui';
import { useCanSave } from '../../hooks/use_can_save';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { PageError } from '../shared/page_error';
import { DeliveryLog } from './delivery_log';
import { NotifierChannels } from './notifier_channels';

/**
 * Settings › Notifications (issue 16): the built-in notifiers' channels with a test message each, and the delivery
 * log with its failures. Channels are read-only here: they and their secrets live in kibana.yml.
 */
export function NotificationsSection() {
  const { api } = useServices();
  const canTest = useCanSave();
  const { state, reload } = useFetch((signal) => api.notifiers(signal), [api]);
  const channels = state.data?.channels ?? [];
  return (
    <EuiPanel hasBorder data-test-subj="notificationsSection">
      <EuiTitle size="xs">
        <h2>Notifications</h2>
      </EuiTitle>
      <EuiSpacer size="s" />
      {state.status === 'error' ? (
        <PageError title="Could not load the notification channels" message={state.error} onRetry={reload} />
      ) : (
        <NotifierChannels channels={channels} canTest={canTest} />
      )}
      <EuiSpacer size="m" />
      <EuiTitle size="xxs">
        <h3>Delivery log</h3>
      </EuiTitle>
      <EuiSpacer size="s" />
      <DeliveryLog channels={channels.map((c) => c.name)} />
    </EuiPanel>
  );
}
