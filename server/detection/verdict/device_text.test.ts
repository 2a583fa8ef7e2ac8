import { deviceText, upgradeText } from './device_text';

describe('devices in the verdict sentences', () => {
  it('names each fingerprint by its own words, an unrecognised one as such', () => {
    expect(deviceText('new', 'windows-10-desktop-chrome')).toBe('new device "Chrome on Windows 10, desktop"');
    // Many distinct fingerprints (hostile agents in one batch): each named by its own parts.
    for (let i = 0; i < 3000; i++)
      expect(deviceText('new', `linux-${i}-desktop-firefox`)).toBe(`new device "Firefox on Linux ${i}, desktop"`);
    expect(deviceText('known', 'windows-10-desktop-chrome')).toBe('known device "Chrome on Windows 10, desktop"');
    expect(deviceText('known', 'other-unknownosmajor-other-other')).toBe('known unrecognised device');
    expect(upgradeText('windows-11-desktop-chrome', 'windows-10-desktop-chrome')).toBe(
      '"Chrome on Windows 11, desktop" is "Chrome on Windows 10, desktop" updated',
    );
  });
});
