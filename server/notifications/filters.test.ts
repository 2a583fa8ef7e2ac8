import type { FamilyAlertDocument } from '../../common/alert_document';
import { notifiersSchema } from './config_schema';
import { channelTakes } from './filters';

/** An alert of `rule` in `family`, as the detection passes write it (what channelTakes reads of it). */
const alertOf = (rule: string, family: string) =>
  ({
    rule: { id: rule, name: rule },
    event: { risk_score: 50 },
    user: { name: 'alice' },
    buffalogs: { alert_id: rule, family, severity: 'high', entity: { field: 'user.name', value: 'alice' } },
  }) as unknown as FamilyAlertDocument;

const channel = (detectors: string[]) =>
  notifiersSchema.validate([{ name: 'soc', type: 'webhook', url: 'http://127.0.0.1/hook', filters: { detectors } }])[0];

describe('a channel filtered by detector', () => {
  const travel = alertOf('impossible_travel', 'login');
  const badge = alertOf('sequence_badge_then_vpn', 'sequence');
  const admin = alertOf('sequence_admin_after_reset', 'sequence');

  it("`sequence` takes every sequence rule's alerts (each has its own rule id), as the alerts list's filter does", () => {
    // Before: `sequence` matched no rule id, so a channel could not ask for sequence alerts at all.
    expect([travel, badge, admin].filter((a) => channelTakes(channel(['sequence']), a))).toEqual([badge, admin]);
    expect([travel, badge, admin].filter((a) => channelTakes(channel(['impossible_travel', 'sequence']), a))).toEqual([
      travel,
      badge,
      admin,
    ]);
  });

  it('a rule id takes that rule only; an alert of another family with the id `sequence` is no sequence alert', () => {
    expect([travel, badge, admin].filter((a) => channelTakes(channel(['sequence_badge_then_vpn']), a))).toEqual([
      badge,
    ]);
    expect(channelTakes(channel(['sequence']), alertOf('sequence', 'login'))).toBe(false);
    expect(channelTakes(channel(['new_device']), badge)).toBe(false);
  });
});
