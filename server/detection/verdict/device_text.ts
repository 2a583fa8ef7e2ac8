/**
 * Devices in the verdict's sentences (signal reasons, the habits' description) in words, not by BuffaLogs' fingerprint:
 * the analyst reads the message, the evidence keeps the fingerprint.
 */
import { fingerprintInSentence } from '../../../common/fingerprint_name';

/**
 * A device in a signal's reason, in words (`new device "Firefox on Linux, desktop"`): the analyst reads the message,
 * not the fingerprint `linux-unknownosmajor-desktop-firefox`, which stays in the evidence.
 */
export function deviceText(adjective: 'new' | 'known', fingerprint: string): string {
  const name = deviceName(fingerprint);
  return name ? `${adjective} device ${name}` : `${adjective} unrecognised device`;
}

/**
 * fingerprintInSentence, remembered: a batch names the same few fingerprints thousands of times (a new device is in
 * most first logins' reasons), and naming one splits it, looks its parts up and cleans the text character by
 * character (splitting it into an array of characters). A pure function's answers, so the outputs are the same;
 * bounded (emptied when full) against a batch of hostile agents.
 */
const deviceNames = new Map<string, string | undefined>();
const MAX_DEVICE_NAMES = 1024;
export function deviceName(fingerprint: string): string | undefined {
  if (deviceNames.has(fingerprint)) return deviceNames.get(fingerprint);
  if (deviceNames.size >= MAX_DEVICE_NAMES) deviceNames.clear();
  const name = fingerprintInSentence(fingerprint);
  deviceNames.set(fingerprint, name);
  return name;
}

/**
 * A known device with another OS major version, in words when the words differ (`"Chrome on Windows 11, desktop" is
 * "Chrome on Windows 10, desktop" updated`); as fingerprints when they do not (macOS's name leaves its frozen major out).
 */
export function upgradeText(fingerprint: string, of: string): string {
  const [now, before] = [deviceName(fingerprint), deviceName(of)];
  return now && before && now !== before ? `${now} is ${before} updated` : `${fingerprint} is ${of} updated`;
}
