import { deviceName, deviceText } from './device_text';

describe('devices in the verdict sentences', () => {
  it('names the same fingerprint the same way however many others were named before (the bounded memory empties)', () => {
    expect(deviceText('new', 'windows-10-desktop-chrome')).toBe('new device "Chrome on Windows 10, desktop"');
    // More distinct fingerprints than are remembered: hostile agents in one batch.
    for (let i = 0; i < 3000; i++)
      expect(deviceName(`linux-${i}-desktop-firefox`)).toBe(`"Firefox on Linux ${i}, desktop"`);
    expect(deviceText('known', 'windows-10-desktop-chrome')).toBe('known device "Chrome on Windows 10, desktop"');
    expect(deviceText('known', 'other-unknownosmajor-other-other')).toBe('known unrecognised device');
  });
});
