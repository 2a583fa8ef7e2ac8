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
  const name = fingerprintInSentence(fingerprint);
  return name ? `${adjective} device ${name}` : `${adjective} unrecognised device`;
}

/**
 * A known device with another OS major version, in words when the words differ (`"Chrome on Windows 11, desktop" is
 * "Chrome on Windows 10, desktop" updated`); as fingerprints when they do not (macOS's name leaves its frozen major out).
 */
export function upgradeText(fingerprint: string, of: string): string {
  const now = fingerprintInSentence(fingerprint);
  const before = fingerprintInSentence(of);
  return now && before && now !== before ? `${now} is ${before} updated` : `${fingerprint} is ${of} updated`;
}
