import React from 'react';
import { EuiPageTemplate } from '@elastic/eui';
import type { HttpStart } from '@kbn/core/public';
import { PLUGIN_NAME } from '../../common/constants';
import { HealthStatus } from './health_status';

/** The app's shell. Later issues add the users, alerts and map pages as sections/tabs here. */
export function App({ http }: { http: HttpStart }) {
  return (
    <EuiPageTemplate restrictWidth={false} panelled={false}>
      <EuiPageTemplate.Header
        pageTitle={PLUGIN_NAME}
        iconType="logoSecurity"
        description="Compromised-account detection on your ECS authentication logs."
      />
      <EuiPageTemplate.Section>
        <HealthStatus http={http} />
      </EuiPageTemplate.Section>
    </EuiPageTemplate>
  );
}
