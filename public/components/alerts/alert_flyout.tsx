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
import type { AlertItem } from '../../../common/api';
import { RISK_LEVELS } from '../../../common/constants';
import { storedNumber, storedObject, storedText } from '../../families/family_view';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { formatTime } from '../shared/format';
import { PageError } from '../shared/page_error';
import { RiskBadge } from '../shared/risk_badge';
import { SourceNames } from '../users/source_names';
import { UserLink } from '../users/user_link';
import { AlertEvidenceView, alertRuleLabel } from './alert_evidence';
import { entityValueOf, timeOf, triageOf, userNameOf } from './alert_fields';
import { EarlierObservations } from './earlier_observations';
import { SurroundingLogins, surroundingTitle } from './surrounding_logins';
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

const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The flyout's title: the detector and what the alert is about, each as the list reads it (a dash when unknown). */
const headline = (alert: AlertItem) => `${alertRuleLabel(alert) || 'Alert'}: ${entityValueOf(alert) ?? '—'}`;

/**
 * One alert: why it fired (evidence), where (map), what surrounded it (logins), and the triage actions. The alert is
 * the stored document: every part reads its fields through alert_fields.ts and the families' readers (a dash for one
 * missing or of another type; reading one directly threw while rendering, and the analyst got a blank page).
 */
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
  // Login alerts' fields (user_risk, source_user) too, which other families' alerts lack.
  const stored = storedObject(detail?.alert.buffalogs);
  // Another writer's document in the alerts index may have no buffalogs (no evidence, severity, status): the flyout
  // shows its time and logins and says so.
  const evidence =
    detail && isObject(detail.alert.buffalogs) && isObject(detail.evidence) ? detail.evidence : undefined;
  const journey = evidence ? journeyOf(evidence) : undefined;
  // The alert as its evidence sections read it: the evidence the route resolved in place of the stored one.
  const withEvidence = detail && evidence && { ...detail.alert, buffalogs: { ...detail.alert.buffalogs, evidence } };
  const triage = detail ? triageOf(detail.alert) : undefined;
  const user = detail ? userNameOf(detail.alert) : undefined;
  const risk = storedObject(stored.user_risk);
  const riskLevel = RISK_LEVELS.find((l) => l === risk.level);
  const sourceUser = storedObject(stored.source_user);
  const sourceName = storedText(sourceUser.name);
  return (
    <EuiFlyout onClose={onClose} size="m" ownFocus aria-labelledby="alertFlyoutTitle" data-test-subj="alertFlyout">
      <EuiFlyoutHeader hasBorder data-test-subj="alertFlyoutHeader">
        <EuiTitle size="s">
          <h2 id="alertFlyoutTitle">{detail ? headline(detail.alert) : 'Alert'}</h2>
        </EuiTitle>
        {detail && triage && (
          <EuiFlexGroup gutterSize="s" alignItems="center" wrap responsive={false}>
            <EuiFlexItem grow={false}>
              <EuiText size="xs">{formatTime(timeOf(detail.alert))}</EuiText>
            </EuiFlexItem>
            <EuiFlexItem grow={false}>
              {user ? <UserLink name={user} /> : (entityValueOf(detail.alert) ?? '—')}
            </EuiFlexItem>
            {triage.severity && (
              <EuiFlexItem grow={false}>
                <EuiBadge>{triage.severity}</EuiBadge>
              </EuiFlexItem>
            )}
            {/* Only login alerts carry the user's risk; other families' alerts are about attacks, not a baseline. */}
            {riskLevel && (
              <EuiFlexItem grow={false}>
                <RiskBadge level={riskLevel} score={storedNumber(risk.score)} />
              </EuiFlexItem>
            )}
            {triage.filtered && (
              <EuiFlexItem grow={false}>
                <EuiBadge color="hollow">
                  {triage.filterReasons.length ? `filtered: ${triage.filterReasons.join(', ')}` : 'filtered'}
                </EuiBadge>
              </EuiFlexItem>
            )}
          </EuiFlexGroup>
        )}
        {user && evidence && sourceName && (
          <SourceNames identity={user} names={[{ name: sourceName, dataset: storedText(sourceUser.dataset) }]} />
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
                This document in the alerts index ({formatTime(timeOf(detail.alert))}) has no evidence
                (buffalogs.evidence): there is nothing to explain or triage.
              </p>
            </EuiCallOut>
            <Section title={surroundingTitle(detail.alert)}>
              <SurroundingLogins detail={detail} />
            </Section>
          </>
        )}
        {detail && withEvidence && (
          <>
            <EuiTitle size="xs">
              <h3>Why it fired</h3>
            </EuiTitle>
            <AlertEvidenceView alert={withEvidence} />
            <EarlierObservations alert={withEvidence} />
            {journey && (
              <Section title="The two logins">
                <TravelMap evidence={journey} />
              </Section>
            )}
            <Section title={surroundingTitle(detail.alert)}>
              <SurroundingLogins detail={detail} />
            </Section>
            <Section title="Triage">
              <TriageForm key={`${detail.alert.id}:${triage?.status}`} alert={detail.alert} onSaved={onTriaged} />
            </Section>
            {/* After the logins and the triage: trusting a network is for everyone, decided once the evidence is read. */}
            <TrustNetwork
              alert={{ ...detail.alert, buffalogs: { ...detail.alert.buffalogs, evidence } }}
              onTrusted={() => {
                reload();
                onTriaged();
              }}
            />
          </>
        )}
      </EuiFlyoutBody>
    </EuiFlyout>
  );
}
