/**
 * New device: the login's device fingerprint (`os-osmajor-device-browser`, BuffaLogs' formula, computed at
 * enrichment) is not among the user's known devices. Only logins that carry a user agent are judged, and only once
 * the user has a device baseline (BuffaLogs: at least one login row).
 */
import type { NoveltyEvidence } from '../../../common/alert_document';
import { hasDevice, hasDeviceBaseline, knownDevices } from '../baselines';
import type { LoginDetector } from './detector';

export const newDeviceDetector: LoginDetector<NoveltyEvidence> = {
  id: 'new_device',
  name: 'Login from a new device',
  description:
    "The login's device fingerprint (OS, OS major version, device type, browser) was not seen for this user.",
  evaluate({ event, state, cc }) {
    if (!cc.config.newDevice.enabled) return undefined;
    const ua = event.userAgent;
    if (!ua || !ua.original) return undefined;
    if (!hasDeviceBaseline(state, event.timestamp, cc) || hasDevice(state, ua.fingerprint, event.timestamp, cc))
      return undefined;
    const { known, count } = knownDevices(state, event.timestamp, cc);
    return { kind: 'novelty', field: 'device_fingerprint', value: ua.fingerprint, known, known_count: count };
  },
  severity: () => 'low',
  message(user, e) {
    const shown = e.known.length ? ` (${e.known.join(', ')}${e.known_count > e.known.length ? ', …' : ''})` : '';
    return `New device for ${user}: ${e.value} is not among the ${e.known_count} device${e.known_count === 1 ? '' : 's'} seen before${shown}`;
  },
};
