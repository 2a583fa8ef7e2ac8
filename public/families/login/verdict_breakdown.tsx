import React from 'react';
import { EuiBasicTable, EuiIcon, EuiText, EuiTitle, type EuiBasicTableColumn } from '@elastic/eui';
import type { HabitFeatureEvidence } from '../../../common/alert_document';
import { fingerprintName } from '../../../common/fingerprint_name';
import { NETWORK_SIGNALS } from '../../../common/trust_network';
import { own } from '../../components/shared/labels';
import {
  storedList,
  storedNumber,
  storedObject,
  storedObjects,
  storedText,
  storedTexts,
  textOrDash,
} from '../family_view';
import { DEVICE_SIGNALS, signalLabel } from './labels';

/** A stored signal or habit feature: read field by field, a dash for one missing or of another type. */
type Stored = Record<string, unknown>;

/** A stored number as the breakdown writes it (unformatted, as the detector computed it), else a dash. */
const figure = (value: unknown): number | string => storedNumber(value) ?? '—';

/**
 * A device signal's new device and the user's known ones in words ("Firefox on Linux, desktop — known: Chrome on
 * Windows 10, desktop"): its reason and evidence name them by fingerprint only (`linux-unknownosmajor-desktop-firefox`).
 */
function devicesInWords(signal: Stored): string | undefined {
  if (!DEVICE_SIGNALS.has(textOrDash(signal.id))) return undefined;
  const e = storedObject(signal.evidence);
  const value = storedText(e.value);
  if (e.kind !== 'novelty' || value === undefined || value.includes('|')) return undefined;
  const known = storedTexts(e.known);
  const count = storedNumber(e.known_count) ?? known.length;
  const more = count > known.length ? ` (and ${count - known.length} more)` : '';
  const names = known.length ? `${known.map(fingerprintName).join('; ')}${more}` : count ? `${count} devices` : 'none';
  return `${fingerprintName(value)} — known: ${names}`;
}

/**
 * "Why this score": each signal with its configured weight, what lowered it (the organisation's network, a
 * traveller's journey…), the points it added and its reason, then the sum against the alerting threshold. The
 * evidence is the stored verdict's: a signal that is no object with a text id is left out, as the row's badges do.
 */
export function VerdictBreakdown({ evidence, device }: { evidence: Stored; device?: string }) {
  const signals = storedList(evidence.signals)
    .map(storedObject)
    .filter((s) => storedText(s.id) !== undefined);
  const columns: Array<EuiBasicTableColumn<Stored>> = [
    {
      field: 'id',
      name: 'Signal',
      width: '16%',
      // A network's signal: "Trust this network for everyone" below can silence it (common/trust_network.ts).
      render: (id: string) =>
        NETWORK_SIGNALS.has(id) ? (
          <span data-test-subj="verdictNetworkSignal" title="About the login's network: it can be trusted for everyone">
            {signalLabel(id)} <EuiIcon type="globe" size="s" aria-label="network" />
          </span>
        ) : (
          signalLabel(id)
        ),
    },
    {
      field: 'weight',
      name: 'Points',
      width: '14%',
      render: (_: unknown, s: Stored) => {
        const weight = storedNumber(s.weight);
        const base = storedNumber(s.base_weight);
        if (weight === undefined) return '—';
        return base === undefined || weight === base ? `+${weight}` : `+${weight} (of ${base})`;
      },
    },
    {
      field: 'context',
      name: 'What lowered it',
      width: '25%',
      render: (_: unknown, s: Stored) => {
        const context = storedTexts(s.context);
        const weight = storedNumber(s.weight);
        const base = storedNumber(s.base_weight);
        return context.length
          ? context.join('; ')
          : weight !== undefined && base !== undefined && weight < base
            ? 'context'
            : 'nothing';
      },
    },
    {
      field: 'reason',
      name: 'Evidence',
      render: (reason: unknown, s: Stored) => {
        const devices = devicesInWords(s);
        return (
          <div>
            <div>{textOrDash(reason)}</div>
            {devices && (
              <EuiText size="xs" color="subdued" data-test-subj="verdictSignalDevices">
                {devices}
              </EuiText>
            )}
          </div>
        );
      },
    },
  ];
  const score = storedNumber(evidence.score);
  const threshold = storedNumber(evidence.threshold);
  const sum = signals.reduce((total, s) => total + (storedNumber(s.weight) ?? 0), 0);
  const verdict =
    score === undefined || threshold === undefined
      ? 'whether at or above it is unknown'
      : score >= threshold
        ? 'at or above it, so an alert'
        : 'below it';
  return (
    <section data-test-subj="verdictBreakdown">
      <EuiTitle size="xxs">
        <h4>Why this score</h4>
      </EuiTitle>
      <EuiText size="s">
        <p data-test-subj="verdictScoreLine">
          {`Score ${figure(score)} of 100 = ${signals.map((s) => figure(s.weight)).join(' + ') || '0'}` +
            `${score !== undefined && sum > score ? ` (${sum}, capped at 100)` : ''}; ` +
            `alerting threshold ${figure(threshold)}: ${verdict}.`}
        </p>
        {device && <p data-test-subj="verdictDevice">Device: {device}</p>}
      </EuiText>
      <EuiBasicTable
        tableCaption="Signals of this login, their points and what lowered them"
        items={signals}
        columns={columns}
        rowProps={() => ({ 'data-test-subj': 'verdictSignalRow' })}
      />
      {signals.map((s, i) => {
        const habits = storedObject(s.evidence);
        return habits.kind === 'habits' ? <HabitsTable key={i} habits={habits} /> : null;
      })}
    </section>
  );
}

const FEATURE_LABELS: Record<HabitFeatureEvidence['feature'], string> = {
  country: 'Country',
  city: 'City',
  asn: 'Network',
  device: 'Device',
  hour: 'Hour (UTC)',
};

/**
 * The per-user habit model's explanation (`unusual_for_user`, server/detection/verdict/user_model.ts): for each
 * feature, this login's value, how many of the user's recent (decayed) logins had it, what the user usually does,
 * and how much of the model's score it gave.
 */
function HabitsTable({ habits }: { habits: Stored }) {
  // A feature that is no object (a null in a hand-written or another writer's alert) is no row of dashes.
  const features = storedObjects(habits.features);
  const columns: Array<EuiBasicTableColumn<Stored>> = [
    {
      field: 'feature',
      name: 'Feature',
      width: '12%',
      render: (f: unknown) => own(FEATURE_LABELS, textOrDash(f)) ?? textOrDash(f),
    },
    { field: 'value', name: 'This login', width: '20%', render: (value: unknown) => textOrDash(value) },
    {
      field: 'seen',
      name: 'Seen before',
      width: '18%',
      render: (_: unknown, f: Stored) =>
        `${figure(f.seen)} of ${figure(f.of)} logins${f.feature === 'hour' ? ' (±1 h)' : ''}`,
    },
    { field: 'usual', name: 'Usually', render: (usual: unknown) => storedTexts(usual).join(', ') || '–' },
    {
      field: 'part',
      name: 'Unusual',
      width: '20%',
      render: (_: unknown, f: Stored) => {
        const unusual = storedNumber(f.unusual);
        const p = storedNumber(f.p);
        const context = storedText(f.context);
        return (
          `${unusual === undefined ? '—' : Math.round(unusual * 100)} % ` +
          `(1 in ${p === undefined || p <= 0 ? '—' : Math.max(1, Math.round(1 / p))}) → +${figure(f.part)}` +
          (context ? `; ${context}` : '')
        );
      },
    },
  ];
  return (
    <div data-test-subj="verdictHabits">
      <EuiText size="s">
        <p data-test-subj="verdictHabitsLine">
          {`Unusual for this user: ${figure(habits.score)} of 1 (counts from ${figure(habits.threshold)}), against ` +
            `${figure(habits.logins)} recent logins (counts halve every ${figure(habits.half_life_days)} days).`}
        </p>
      </EuiText>
      <EuiBasicTable
        tableCaption="How this login compares with the user's habits"
        items={features}
        columns={columns}
        rowProps={() => ({ 'data-test-subj': 'verdictHabitRow' })}
      />
    </div>
  );
}
