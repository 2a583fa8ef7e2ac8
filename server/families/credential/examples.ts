/** The credential family's examples, run by the conformance test (server/families/families.test.ts). */
import type { FamilyExample } from '../family';
import { authDoc, failures } from './test_sequences';

const STUFFER = '203.0.113.7';
const SPRAYER = '198.51.100.23';
const OFFICE = '192.0.2.10';

export const CREDENTIAL_EXAMPLES: FamilyExample[] = [
  {
    name: 'stuffing: 100 users fail in 40 minutes from one address, then one logs in (compromised account)',
    documents: [
      ...failures(STUFFER, 100, 0, 40),
      { minute: 45, user: 'victim', ip: STUFFER, outcome: 'success' as const, id: 'stuffed-success' },
    ].map(authDoc),
    expect: ['credential_stuffing', 'credential_stuffing'],
  },
  {
    name: 'spray: 20 users fail once each over 5 hours; a success in the middle is found once the spray is seen',
    documents: [
      ...failures(SPRAYER, 20, 0, 300),
      { minute: 30, user: 'sprayed', ip: SPRAYER, outcome: 'success' as const, id: 'sprayed-success' },
    ].map(authDoc),
    expect: ['password_spray', 'password_spray'],
  },
  {
    name: 'office NAT: 25 users mistype once, 200 logins succeed: trusted (a filtered notice), no attack',
    documents: [
      ...Array.from({ length: 200 }, (_, i) => ({
        minute: i,
        user: `staff${i % 120}`,
        ip: OFFICE,
        outcome: 'success' as const,
        id: `office-ok-${i}`,
      })),
      ...failures(OFFICE, 25, 5, 180, 'staff'),
    ].map(authDoc),
    expect: ['password_spray'],
  },
];
