import React, { useState } from 'react';
import { EuiLoadingSpinner, EuiPageTemplate, EuiSpacer } from '@elastic/eui';
import type { SettingsResponse } from '../../../common/api';
import { useFetch } from '../../hooks/use_fetch';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { useServices } from '../../hooks/use_services';
import { PageError } from '../shared/page_error';
import { LearnedContextSection } from './learned_context_section';
import { NotificationsSection } from './notifications_section';
import { SettingsForm } from './settings_form';
import { SettingsHistory } from './settings_history';

/**
 * Detection settings (thresholds, filters, allow-lists), who changed them, what detection learned from the data (which
 * the allow-lists override), and the notification channels.
 */
export function SettingsPage() {
  usePageChrome([{ text: 'Settings' }]);
  const { api } = useServices();
  const { state, reload } = useFetch((signal) => api.getSettings(signal), [api]);
  const [saved, setSaved] = useState<SettingsResponse | undefined>();
  // After a save the form restarts from the saved version (keyed by version), without another round trip.
  const settings = saved && state.data && saved.version > state.data.version ? saved : state.data;
  return (
    <EuiPageTemplate.Section>
      {state.status === 'error' && (
        <PageError title="Could not load the settings" message={state.error} onRetry={reload} />
      )}
      {state.status === 'loading' && !settings && <EuiLoadingSpinner size="xl" aria-label="Loading the settings" />}
      {settings && state.status !== 'error' && (
        <SettingsForm
          key={settings.version}
          settings={settings}
          onSaved={setSaved}
          onReload={() => {
            setSaved(undefined);
            reload();
          }}
        />
      )}
      <EuiSpacer size="l" />
      <SettingsHistory version={settings?.version ?? 0} />
      <EuiSpacer size="l" />
      <LearnedContextSection />
      <EuiSpacer size="l" />
      <NotificationsSection />
    </EuiPageTemplate.Section>
  );
}
