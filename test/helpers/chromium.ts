/**
 * How the end-to-end tests start Debian's Chromium (never a downloaded browser). The background-networking flags
 * matter here: without them Chromium keeps dialling Google's hosts, which this machine's closed network refuses.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
