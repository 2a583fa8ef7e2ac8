import { createHash } from 'node:crypto';
import { stateDocId } from './user_state_store';

describe('stateDocId', () => {
  it('is the user name itself up to 256 bytes, a hash beyond (ids are at most 512 bytes)', () => {
    expect(stateDocId('alice@example.com')).toBe('alice@example.com');
    const long = 'x'.repeat(257);
    expect(stateDocId(long)).toBe(`sha256:${createHash('sha256').update(long).digest('hex')}`);
  });

  it('gives a user literally named like a hashed id another id than the long name it imitates (no shared state)', () => {
    const long = 'x'.repeat(300);
    const imitation = stateDocId(long); // 'sha256:<hex>', 71 bytes: short enough to be an id as it is
    expect(stateDocId(imitation)).not.toBe(imitation);
    expect(stateDocId(imitation)).toBe(`sha256:${createHash('sha256').update(imitation).digest('hex')}`);
  });
});
