import { detectorLabel } from './labels';

describe('detectorLabel (the Overview chart legend, the login family)', () => {
  it('names every family’s detectors as the alert list does, not by their ids', () => {
    expect(detectorLabel('suspicious_login')).toBe('Suspicious login');
    // The demo's Overview legend read "password_spray" beside "Suspicious login".
    expect(detectorLabel('password_spray')).toBe('Password spray');
    expect(detectorLabel('credential_stuffing')).toBe('Credential stuffing');
    expect(detectorLabel('web_scanning')).toBe('Endpoint scanning');
  });

  it('keeps an id no family names (a sequence rule’s), and never answers an Object.prototype member', () => {
    expect(detectorLabel('sequence_porlock_otp_password_change')).toBe('sequence_porlock_otp_password_change');
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(detectorLabel(id)).toBe(id);
  });
});
