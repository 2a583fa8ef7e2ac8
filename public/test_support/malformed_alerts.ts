/**
 * Stored documents the API returns as they are: written by an older version, another tool or by hand, each missing
 * a field or holding it with another type. Every view of an alert (its row, its flyout) must show them.
 */
import type { AlertItem } from '../../common/api';
import * as f from './fixtures';
import * as ff from './family_fixtures';

const stored = (doc: unknown) => doc as AlertItem;

/** The alert list's malformed rows, in this order (alert_columns.test.tsx names them). */
export const malformedAlerts: AlertItem[] = [
  stored({
    id: 'no-buffalogs',
    '@timestamp': '2024-05-03T07:00:00.000Z',
    rule: { id: 'new_device', name: 'New device' },
    message: 'written by another tool',
    user: { name: 'dave' },
  }),
  stored({ ...f.travelAlert, id: 'no-rule', rule: undefined }),
  stored({
    ...ff.verdictAlert,
    id: 'signals-not-a-list',
    buffalogs: {
      ...ff.verdictAlert.buffalogs,
      evidence: { kind: 'verdict', score: '70', threshold: 50, signals: 'new_country' },
    },
  }),
  stored({
    ...ff.verdictAlert,
    id: 'odd-signals',
    buffalogs: {
      ...ff.verdictAlert.buffalogs,
      evidence: {
        kind: 'verdict',
        score: { value: 70 },
        threshold: 50,
        signals: [null, 42, 'new_country', { id: 7, weight: 'x' }, { id: 'new_device', weight: 25 }],
      },
    },
  }),
  stored({
    id: 'wrong-types',
    '@timestamp': { $date: 1 },
    rule: 'impossible_travel',
    message: { text: 'hi' },
    user: { name: 42 },
    source: 'Italy',
    buffalogs: {
      family: 42,
      entity: 'alice',
      severity: { level: 'high' },
      status: 7,
      filtered: true,
      filter_reasons: 'allowed_country',
      evidence: null,
    },
  }),
  stored({ id: 'nulls', '@timestamp': null, buffalogs: null, user: 'bob', rule: null, message: null }),
  stored({
    ...ff.sprayAlert,
    id: 'spray-no-numbers',
    buffalogs: { ...ff.sprayAlert.buffalogs, evidence: { kind: 'credential_attack' } },
  }),
  stored({
    ...ff.mfaAlert,
    id: 'mfa-no-numbers',
    user: undefined,
    buffalogs: {
      ...ff.mfaAlert.buffalogs,
      entity: { field: 'user.name', value: { name: 'dan' } },
      evidence: { kind: 'mfa_fatigue' },
    },
  }),
];
