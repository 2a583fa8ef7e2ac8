/** The user-keyed credential family's examples, run by the conformance test (server/families/families.test.ts). */
import type { FamilyExample } from '../family';
import { addresses, authDoc, duoDoc, userFailures } from './test_sequences';

export const CREDENTIAL_USER_EXAMPLES: FamilyExample[] = [
  {
    name: 'brute force: 12 failures on one account in 6 minutes from one address, then a success (takeover)',
    documents: [
      ...userFailures('alice', 12, 0, 6, ['203.0.113.9']),
      { minute: 8, user: 'alice', ip: '203.0.113.9', outcome: 'success' as const, id: 'alice-in' },
    ].map(authDoc),
    expect: ['brute_force', 'brute_force'],
  },
  {
    name: 'distributed brute force: one account fails from 12 addresses in 40 minutes',
    documents: userFailures('bob', 12, 0, 40, addresses(12)).map(authDoc),
    expect: ['distributed_brute_force'],
  },
  {
    name: 'MFA fatigue: three pushes denied or unanswered, then one approved',
    documents: [
      duoDoc(0, 'carol', 'user_marked_fraud', 'p1'),
      duoDoc(2, 'carol', 'no_response', 'p2'),
      duoDoc(4, 'carol', 'user_cancelled', 'p3'),
      duoDoc(6, 'carol', 'user_approved', 'p4'),
    ],
    expect: ['mfa_fatigue'],
  },
  {
    name: 'a person mistyping three times then logging in raises nothing',
    documents: [
      ...userFailures('dave', 3, 0, 2, ['192.0.2.4']),
      { minute: 3, user: 'dave', ip: '192.0.2.4', outcome: 'success' as const, id: 'dave-in' },
    ].map(authDoc),
    expect: [],
  },
];
