/**
 * The sequence family's examples for the conformance test (server/families/families.test.ts): porlock's own story
 * through the built-in rule made from porlock's example, and a `none` rule that fires only because a window closed
 * without the event it waited for.
 */
import type { FamilyExample } from '../family';
import { BUILTIN_RULES } from './builtin_rules';
import type { SequenceRule, SequenceRuleInput } from './rule';
import { validateRules } from './validate_rule';

/** A `none` rule: a second factor removed and not restored within a day leaves the account on a password alone. */
export const MFA_NOT_RESTORED_RULE: SequenceRuleInput = {
  id: 'sequence_example_mfa_not_restored',
  name: 'MFA factor removed and not restored within a day',
  reason: 'An account left without a second factor for a day is one stolen password away from takeover.',
  identifier: 'user.name',
  first: 'mfa factor removed',
  direction: 'followed_by',
  match: 'none',
  events: ['mfa factor added'],
  period: { when: 'before', duration: '1d' },
  time_frame: '1d',
  severity: 'medium',
};

export function EXAMPLE_RULES(): SequenceRule[] {
  const result = validateRules([...BUILTIN_RULES, MFA_NOT_RESTORED_RULE]);
  if (!result.ok) throw new Error(`example rules are invalid: ${result.errors.join('; ')}`);
  return result.rules;
}

const doc = (id: string, at: string, action: string, user: string, ip = '198.51.100.7') => ({
  '@timestamp': at,
  event: { id, action, outcome: 'success' },
  user: { name: user },
  source: { ip },
});

export const SEQUENCE_EXAMPLES: FamilyExample[] = [
  {
    name: "porlock's story: OTP login, the required change, then a reset and a change six days later from a new address",
    documents: [
      doc('p1', '2024-05-01T09:00:00.000Z', 'otp_login', 'jdoe'),
      doc('p2', '2024-05-01T09:02:00.000Z', 'password_change', 'jdoe'),
      doc('p3', '2024-05-07T22:10:00.000Z', 'password_reset', 'jdoe', '203.0.113.50'),
      doc('p4', '2024-05-07T22:14:00.000Z', 'password_change', 'jdoe', '203.0.113.50'),
      // Another user's OTP login followed only by the required change: no alert.
      doc('q1', '2024-05-02T09:00:00.000Z', 'otp_login', 'asmith'),
      doc('q2', '2024-05-02T09:03:00.000Z', 'password_change', 'asmith'),
    ],
    expect: ['sequence_porlock_otp_password_change'],
  },
  {
    name: 'none: a factor removed and never restored fires once its day is over; one restored an hour later does not',
    documents: [
      doc('m1', '2024-05-10T10:00:00.000Z', 'mfa_factor_removed', 'alice'),
      doc('m2', '2024-05-10T10:00:00.000Z', 'mfa_factor_removed', 'bob'),
      doc('m3', '2024-05-10T11:00:00.000Z', 'mfa_factor_added', 'bob'),
    ],
    expect: ['sequence_example_mfa_not_restored'],
  },
];
