import React, { useState } from 'react';
import {
  EuiButton,
  EuiCallOut,
  EuiCheckbox,
  EuiConfirmModal,
  EuiSpacer,
  EuiText,
  EuiTitle,
  useGeneratedHtmlId,
} from '@elastic/eui';
import type { AlertItem, SettingsResponse } from '../../../common/api';
import type { DetectionConfig } from '../../../common/detection_config';
import { isTakeoverAlert } from '../../../common/takeover';
import { proposeTrust, trustedListsWith, type TrustProposal } from '../../../common/trust_network';
import { useCanSave } from '../../hooks/use_can_save';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { describeHttpError, httpStatus } from '../../services/http_errors';
import { signalLabel } from '../../families/login/labels';
import { userNameOf } from './alert_fields';

const asLabel = (a: NonNullable<TrustProposal['asn']>) => `AS${a.value}${a.organization ? ` (${a.organization})` : ''}`;

/**
 * Why the alert looks like an account takeover, or undefined: its evidence is a takeover pattern (the server's
 * definition, common/takeover.ts) or its score reaches the High level (`risk.scoreHighAt`). Then the network is
 * likely the attacker's, and trusting it would silence the same attack on every user.
 */
export function takeoverReason(alert: AlertItem, config: DetectionConfig): string | undefined {
  const evidence = alert.buffalogs?.evidence;
  const reasons: string[] = [];
  // The credential family's evidence kinds are not in AlertEvidence's union: read the kind as stored.
  if ((evidence as { kind?: unknown } | undefined)?.kind === 'compromised_account')
    reasons.push('a compromised account');
  else if (isTakeoverAlert(evidence)) reasons.push('a new country, a new device and an impossible travel in one login');
  const score = evidence?.kind === 'verdict' ? evidence.score : alert.event?.risk_score;
  if (typeof score === 'number' && Number.isFinite(score) && score >= config.risk.scoreHighAt) {
    reasons.push(`score ${score} (High from ${config.risk.scoreHighAt})`);
  }
  return reasons.length ? reasons.join('; ') : undefined;
}

/**
 * "Trust this network for everyone" (issue 12, feedback): where an alert's reason is a network (common/trust_network.ts
 * says which signals), the analyst adds the login's /24 or /48 — and, deliberately, its whole AS — to the space's
 * trusted networks, saved through the settings route with the version read (a concurrent change is a 409, not
 * overwritten), and may mark the alert safe too. Only for users who may change the settings (the route checks too).
 * Nothing is pre-selected (analyst review: one click and a confirmation trusted an attacker's /24 for everyone), and a
 * likely takeover (`takeoverReason`) says so above the choices and does not pre-tick "mark safe" either.
 */
export function TrustNetwork({ alert, onTrusted }: { alert: AlertItem; onTrusted: () => void }) {
  const canSave = useCanSave();
  if (!canSave) return null;
  return <TrustNetworkAction alert={alert} onTrusted={onTrusted} />;
}

function TrustNetworkAction({ alert, onTrusted }: { alert: AlertItem; onTrusted: () => void }) {
  const { api, core } = useServices();
  const { state, reload } = useFetch((signal) => api.getSettings(signal), [api]);
  const settings = state.data;
  const proposal = settings ? proposeTrust(alert, settings.effective) : undefined;
  const cidrOk = proposal?.cidr !== undefined && !proposal.cidr.refused;
  const asnOk = proposal?.asn !== undefined && !proposal.asn.refused;
  // Opt-in, both: a trusted network is every user's, and on an attack it is the attacker's.
  const [cidr, setCidr] = useState(false);
  // A whole AS is every address of a provider (a national ISP holds every home worker and the phishers among them).
  const [asn, setAsn] = useState(false);
  const takeover = settings ? takeoverReason(alert, settings.effective) : undefined;
  // Marking safe goes with trusting (a VPN egress); a likely takeover is not pre-judged safe. Undefined: the default.
  const [markSafeChoice, setMarkSafe] = useState<boolean | undefined>();
  const markSafe = markSafeChoice ?? takeover === undefined;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState<{ version: number; added: string[]; markedSafe: boolean } | undefined>();
  const ids = { cidr: useGeneratedHtmlId(), asn: useGeneratedHtmlId(), safe: useGeneratedHtmlId() };
  if (!settings || !proposal) return null;

  const chosen = {
    ...(cidr && cidrOk ? { cidr: proposal.cidr!.value } : {}),
    ...(asn && asnOk ? { asn: proposal.asn!.value } : {}),
  };
  const added = [
    ...(chosen.cidr ? [`trusted network ${chosen.cidr}`] : []),
    ...(chosen.asn !== undefined ? [`trusted AS ${asLabel(proposal.asn!)}`] : []),
  ];

  const save = async (current: SettingsResponse) => {
    setBusy(true);
    setError(undefined);
    try {
      const lists = trustedListsWith(current.effective, chosen);
      // Only the list that changes is written: the other stays whatever kibana.yml or a saved override says.
      const impossibleTravel = {
        ...current.overrides.impossibleTravel,
        ...(chosen.cidr ? { trustedCidrs: lists.trustedCidrs } : {}),
        ...(chosen.asn !== undefined ? { trustedAsns: lists.trustedAsns } : {}),
      };
      const saved = await api.updateSettings({
        profile: current.profile,
        overrides: { ...current.overrides, impossibleTravel },
        expected_version: current.version,
        comment: `Trusted for everyone from alert ${alert.id}: ${added.join(', ')}`,
      });
      let markedSafe = false;
      if (markSafe) {
        await api.markSafe(alert.id, {});
        markedSafe = true;
      }
      setDone({ version: saved.version, added, markedSafe });
      reload(); // the proposal now reads the saved version (its entries "already trusted")
      core.notifications.toasts.addSuccess(`Trusted for everyone: ${added.join(', ')}`);
      onTrusted();
    } catch (e) {
      setError(
        httpStatus(e) === 409
          ? `${describeHttpError(e)} The settings were reloaded: check the proposal and confirm again.`
          : describeHttpError(e),
      );
      if (httpStatus(e) === 409) reload();
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <section data-test-subj="trustNetwork">
      <EuiTitle size="xxs">
        <h4>Trust this network for everyone</h4>
      </EuiTitle>
      <EuiText size="s">
        <p>
          {`The ${proposal.signals.map(signalLabel).join(', ')} signal${proposal.signals.length > 1 ? 's' : ''} of this alert ` +
            "come from the login's network. Trusted, it is the organisation's network for every user: no travel end, " +
            'no new-network or new-place evidence (Settings › Trusted networks).'}
        </p>
      </EuiText>
      {takeover && !proposal.refused && (
        <EuiCallOut
          title="This alert is a likely account takeover"
          color="danger"
          iconType="warning"
          size="s"
          data-test-subj="trustNetworkTakeover"
        >
          <p>
            {`${takeover}. This network is likely the attacker's: trusting it would silence this kind of alert for ` +
              "every user logging in from it. Trust it only if you know it is your organisation's (a VPN or office " +
              'egress).'}
          </p>
        </EuiCallOut>
      )}
      {proposal.refused ? (
        <EuiCallOut title="Cannot be trusted" color="warning" iconType="warning" data-test-subj="trustNetworkRefused">
          <p>{proposal.refused}</p>
        </EuiCallOut>
      ) : (
        <>
          {proposal.cidr && (
            <EuiCheckbox
              id={ids.cidr}
              data-test-subj="trustNetworkCidr"
              label={`${proposal.cidr.value} (the ${proposal.cidr.value.endsWith('/48') ? '/48' : '/24'} of ${proposal.cidr.ip})${proposal.cidr.refused ? `: ${proposal.cidr.refused}` : ''}`}
              checked={cidr && cidrOk}
              disabled={!cidrOk}
              onChange={(e) => setCidr(e.target.checked)}
            />
          )}
          {proposal.asn && (
            <EuiCheckbox
              id={ids.asn}
              data-test-subj="trustNetworkAsn"
              label={`${asLabel(proposal.asn)}: ${proposal.asn.refused ?? 'every address of this provider, for everyone'}`}
              checked={asn && asnOk}
              disabled={!asnOk}
              onChange={(e) => setAsn(e.target.checked)}
            />
          )}
          <EuiCheckbox
            id={ids.safe}
            data-test-subj="trustNetworkMarkSafe"
            label={`Also mark this alert safe (teaches ${userNameOf(alert) ?? 'the user'}'s baseline)`}
            checked={markSafe}
            onChange={(e) => setMarkSafe(e.target.checked)}
          />
          <EuiSpacer size="s" />
          <EuiButton
            size="s"
            iconType="lock"
            isLoading={busy}
            isDisabled={busy || added.length === 0}
            onClick={() => setConfirming(true)}
            data-test-subj="trustNetworkButton"
          >
            Trust this network for everyone…
          </EuiButton>
        </>
      )}
      {error && (
        <EuiCallOut title="Not trusted" color="danger" iconType="error" role="alert" data-test-subj="trustNetworkError">
          <p>{error}</p>
        </EuiCallOut>
      )}
      {done && (
        <EuiCallOut title="Trusted for everyone" color="success" iconType="check" data-test-subj="trustNetworkResult">
          <p>
            {`Settings version ${done.version} adds ${done.added.join(' and ')}` +
              `${done.markedSafe ? '; the alert is marked safe' : ''}. The next detection pass applies it.`}
          </p>
        </EuiCallOut>
      )}
      {confirming && (
        <EuiConfirmModal
          title="Trust this network for every user?"
          onCancel={() => setConfirming(false)}
          onConfirm={() => void save(settings)}
          cancelButtonText="Cancel"
          confirmButtonText="Trust it"
          buttonColor="warning"
          isLoading={busy}
          data-test-subj="trustNetworkConfirm"
        >
          <p>These entries are added to the space&apos;s detection settings (version {settings.version}):</p>
          <ul data-test-subj="trustNetworkConfirmList">
            {added.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
          <p>
            Logins from them no longer count as a new network, place or travel for anyone
            {markSafe ? ', and this alert is marked safe' : ''}. Settings › Trusted networks can remove them.
          </p>
        </EuiConfirmModal>
      )}
    </section>
  );
}
