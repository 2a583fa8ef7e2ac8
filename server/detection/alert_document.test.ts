import { createHash } from 'node:crypto';
import { alertId, alertSortKey } from './alert_document';
import type { LoginEvent } from './types';

const login = { user: 'alice', index: 'logs-okta.system-default', id: 'evt-1', timestamp: 0 } as LoginEvent;

/**
 * An alert's id is its document's _id: re-processing a login (after a restart, an upgrade, another profile) must
 * overwrite its alert, never add a second copy. So the id is a fixed function of its inputs across versions: these
 * are the ids every release since round 1 gave (sha1 of the NUL-joined parts, in hex), computed here independently.
 */
describe('alertId', () => {
  const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

  it('is the sha1 of user, rule, index and event id, as every earlier release made it', () => {
    expect(alertId('alice', 'suspicious_login', login)).toBe(
      sha1('alice\u0000suspicious_login\u0000logs-okta.system-default\u0000evt-1'),
    );
    // The same id, written down when this test was added: a change of algorithm or of separators fails here.
    expect(alertId('alice', 'suspicious_login', login)).toBe('cb70f2d306eac8e3c00d91f09961b89852873f2b');
  });

  it('tells two risk levels of one login apart, and neither is the id without a level', () => {
    const plain = alertId('alice', 'user_risk_threshold', login);
    const medium = alertId('alice', 'user_risk_threshold', login, 'Medium');
    const high = alertId('alice', 'user_risk_threshold', login, 'High');
    expect(medium).toBe(sha1('alice\u0000user_risk_threshold\u0000logs-okta.system-default\u0000evt-1\u0000Medium'));
    expect(new Set([plain, medium, high]).size).toBe(3);
  });

  it('gives a sort key of its first 52 bits, a safe integer', () => {
    const id = alertId('alice', 'suspicious_login', login);
    expect(alertSortKey(id)).toBe(parseInt(id.slice(0, 13), 16));
    expect(Number.isSafeInteger(alertSortKey('f'.repeat(40)))).toBe(true);
  });
});
