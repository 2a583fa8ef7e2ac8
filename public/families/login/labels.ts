import type { SignalId } from '../../../common/alert_document';
import { storedNumber, storedText, type RowBadge } from '../family_view';

/** The verdict's signals (server/detection/verdict/signals.ts) as an analyst reads them on a badge. */
export const SIGNAL_LABELS: Record<SignalId, string> = {
  anonymous_ip: 'Anonymous IP',
  new_device: 'New device',
  device_upgrade: 'Device upgrade',
  new_network: 'New network',
  new_network_for_device: 'New network for device',
  new_country: 'New country',
  atypical_country: 'Atypical country',
  rare_country: 'Rare country',
  rare_network: 'Rare network',
  impossible_travel: 'Impossible travel',
  stolen_session: 'Stolen session',
  unfamiliar_address: 'Unfamiliar address',
  unusual_for_user: 'Unusual for user',
};

export const signalLabel = (id: string): string => SIGNAL_LABELS[id as SignalId] ?? id.replace(/_/g, ' ');

/** Signals about the device: the breakdown names the login's device beside them. */
export const DEVICE_SIGNALS: ReadonlySet<string> = new Set([
  'new_device',
  'device_upgrade',
  'new_network_for_device',
  'stolen_session',
]);

/**
 * A verdict's signals as a row's badges, each with its points ("New device +25", its reason in the title): the alerts
 * list's rows and the observations (a login's signals under the threshold) read them alike. Stored documents are read
 * defensively: a signal with no id is skipped, one with no number weight shows no points.
 */
export function signalBadges(signals: unknown): RowBadge[] {
  if (!Array.isArray(signals)) return [];
  const badges: RowBadge[] = [];
  for (const s of signals as unknown[]) {
    const signal = (s && typeof s === 'object' ? s : {}) as { id?: unknown; weight?: unknown; reason?: unknown };
    const id = storedText(signal.id);
    if (id === undefined) continue;
    const weight = storedNumber(signal.weight);
    badges.push({
      label: weight === undefined ? signalLabel(id) : `${signalLabel(id)} +${weight}`,
      color: 'hollow',
      title: storedText(signal.reason),
    });
  }
  return badges;
}
