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

describe("a channel's detector takes the default profile's verdicts with that signal, as the alerts list does", () => {
  const verdict = (signalIds: unknown) =>
    ({
      ...alertOf('suspicious_login', 'login'),
      buffalogs: { ...alertOf('suspicious_login', 'login').buffalogs, signal_ids: signalIds },
    }) as unknown as FamilyAlertDocument;

  it('takes a verdict carrying the signal, not one without it', () => {
    // The default profile writes one suspicious_login alert per login: a channel for impossible travel took none of
    // its travels, and its summary counted fewer alerts than the app's list with that detector showed.
    expect(channelTakes(channel(['impossible_travel']), verdict(['new_device', 'impossible_travel']))).toBe(true);
    expect(channelTakes(channel(['new_country']), verdict(['new_device', 'impossible_travel']))).toBe(false);
    expect(channelTakes(channel(['suspicious_login']), verdict(['new_device']))).toBe(true);
  });

  it("reads stored signal ids as Elasticsearch matches them: one text or a list's text entries", () => {
    // Another writer's document: the alerts mapping's keyword takes one text as a list of one, and the list finds it.
    expect(channelTakes(channel(['impossible_travel']), verdict('impossible_travel'))).toBe(true);
    expect(channelTakes(channel(['impossible_travel']), verdict([7, null, 'impossible_travel']))).toBe(true);
    for (const odd of [{ 0: 'impossible_travel' }, [7, null], null, 7])
      expect(channelTakes(channel(['impossible_travel']), verdict(odd))).toBe(false);
  });
});

describe("a channel's detectors in kibana.yml", () => {
  it('refuses a name that is no detector id nor sequence rule id, at startup and naming it', () => {
    // Before: accepted; the channel matched no alert, and its summary's link (which drops what the alerts list
    // refuses) listed every alert of the period.
    expect(() => channel(['Impossible Travel'])).toThrow(/got \[Impossible Travel\]: a detector.s id, not its name/);
    expect(() => channel(['impossible_travel', 'NEW_DEVICE'])).toThrow(/got \[NEW_DEVICE\]/);
    expect(() => channel(['__proto__'])).toThrow(/got \[__proto__\]/);
  });

  it('takes detector ids of every family, `sequence` and sequence rule ids', () => {
    const ids = ['impossible_travel', 'suspicious_login', 'sequence', 'sequence_badge_then_vpn'];
    expect(channel(ids).filters.detectors).toEqual(ids);
  });
});
