import React from 'react';
import {
  EuiBadge,
  EuiCallOut,
  EuiFlexGroup,
  EuiFlexItem,
  EuiFlyout,
  EuiFlyoutBody,
  EuiFlyoutHeader,
  EuiHorizontalRule,
  EuiLoadingSpinner,
  EuiText,
  EuiTitle,
} from '@elastic/eui';
import { alertEntity } from '../../../common/alert_document';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { formatTime } from '../shared/format';
import { PageError } from '../shared/page_error';
import { RiskBadge } from '../shared/risk_badge';
import { SourceNames } from '../users/source_names';
import { UserLink } from '../users/user_link';
import { AlertEvidenceView, alertRuleLabel } from './alert_evidence';
import { SurroundingLogins } from './surrounding_logins';
import { TravelMap, journeyOf } from './travel_map';
import { TriageForm } from './triage_form';
import { TrustNetwork } from './trust_network';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <EuiHorizontalRule margin="m" />
      <EuiTitle size="xs">
        <h3>{title}</h3>
      </EuiTitle>
      {children}
    </section>
  );
}

/** One alert: why it fired (evidence), where (map), what surrounded it (logins), and the triage actions. */
export function AlertFlyout({
  alertId,
  onClose,
  onTriaged,
}: {
  alertId: string;
  onClose: () => void;
  onTriaged: () => void;
}) {
  const { api } = useServices();
  const { state, reload } = useFetch((signal) => api.getAlert(alertId, undefined, signal), [api, alertId]);
  // Kept while it reloads (after "trust this network"), so the flyout's sections keep what they just reported.
  const detail = state.status !== 'error' && state.data?.alert.id === alertId ? state.data : undefined;
  // Another writer's document in the alerts index may have no buffalogs (no evidence, severity, status): the flyout
  // shows its time and logins and says so, instead of throwing while it renders.
  const evidence = detail?.alert.buffalogs ? detail.evidence : undefined;
  const journey = evidence ? journeyOf(evidence) : undefined;
  return (
    <EuiFlyout onClose={onClose} size="m" ownFocus aria-labelledby="alertFlyoutTitle" data-test-subj="alertFlyout">
      <EuiFlyoutHeader hasBorder>
        <EuiTitle size="s">
          <h2 id="alertFlyoutTitle">
            {detail && evidence ? `${alertRuleLabel(detail.alert)}: ${alertEntity(detail.alert).value}` : 'Alert'}
          </h2>
        </EuiTitle>
        {detail && evidence && (
          <EuiFlexGroup gutterSize="s" alignItems="center" wrap responsive={false}>
            <EuiFlexItem grow={false}>
              <EuiText size="xs">{formatTime(detail.alert['@timestamp'])}</EuiText>
            </EuiFlexItem>
            <EuiFlexItem grow={false}>
              {detail.alert.user ? <UserLink name={detail.alert.user.name} /> : alertEntity(detail.alert).value}
            </EuiFlexItem>
            <EuiFlexItem grow={false}>
              <EuiBadge>{detail.alert.buffalogs.severity}</EuiBadge>
            </EuiFlexItem>
            {/* Only login alerts carry the user's risk; other families' alerts are about attacks, not a baseline. */}
            {detail.alert.buffalogs.user_risk && (
              <EuiFlexItem grow={false}>
                <RiskBadge
                  level={detail.alert.buffalogs.user_risk.level}
                  score={detail.alert.buffalogs.user_risk.score}
                />
              </EuiFlexItem>
            )}
            {detail.alert.buffalogs.filtered && (
              <EuiFlexItem grow={false}>
                <EuiBadge color="hollow">filtered: {detail.alert.buffalogs.filter_reasons.join(', ')}</EuiBadge>
              </EuiFlexItem>
            )}
          </EuiFlexGroup>
        )}
        {detail?.alert.user && evidence && detail.alert.buffalogs.source_user && (
          <SourceNames identity={detail.alert.user.name} names={[detail.alert.buffalogs.source_user]} />
        )}
      </EuiFlyoutHeader>
      <EuiFlyoutBody>
        {state.status === 'error' && (
          <PageError title="Could not load the alert" message={state.error} onRetry={reload} />
        )}
        {state.status === 'loading' && !detail && <EuiLoadingSpinner size="l" aria-label="Loading the alert" />}
        {detail && !evidence && (
          <>
            <EuiCallOut title="Not an alert BuffaLogs wrote" color="warning" data-test-subj="alertNoEvidence">
              <p>
                This document in the alerts index ({formatTime(String(detail.alert['@timestamp'] ?? ''))}) has no
                evidence (buffalogs.evidence): there is nothing to explain or triage.
              </p>
            </EuiCallOut>
            <Section title="Logins around it">
              <SurroundingLogins detail={detail} />
            </Section>
          </>
        )}
        {detail && evidence && (
          <>
            <EuiTitle size="xs">
              <h3>Why it fired</h3>
            </EuiTitle>
            <AlertEvidenceView alert={{ ...detail.alert, buffalogs: { ...detail.alert.buffalogs, evidence } }} />
            <TrustNetwork
              alert={{ ...detail.alert, buffalogs: { ...detail.alert.buffalogs, evidence } }}
              onTrusted={() => {
                reload();
                onTriaged();
              }}
            />
            {journey && (
              <Section title="The two logins">
                <TravelMap evidence={journey} />
              </Section>
            )}
            <Section title="Logins around it">
              <SurroundingLogins detail={detail} />
            </Section>
            <Section title="Triage">
              <TriageForm
                key={`${detail.alert.id}:${detail.alert.buffalogs.status}`}
                alert={detail.alert}
                onSaved={onTriaged}
              />
            </Section>
          </>
        )}
      </EuiFlyoutBody>
    </EuiFlyout>
  );
}
