import type { AlertDocument } from '../../common/alert_document';
import { newUserState } from '../detection/user_state';
import { teachBaseline, teachingFromAlert } from './teach_baseline';

const alert = (evidence: AlertDocument['buffalogs']['evidence']): AlertDocument =>
  ({
    '@timestamp': '2024-05-01T10:00:00Z',
    user: { name: 'alice' },
    source: { ip: '203.0.113.9', geo: { country_iso_code: 'BR', country_name: 'Brazil' } },
    buffalogs: { evidence },
  }) as unknown as AlertDocument;

describe('mark safe: what an alert teaches', () => {
  it("takes the novelty's value, the login's IP, and the device fingerprint only from new-device evidence", () => {
    expect(
      teachingFromAlert(alert({ kind: 'novelty', field: 'country', value: 'BR', known: ['IT'], known_count: 1 })),
    ).toEqual({
      country: 'BR',
      ip: '203.0.113.9',
    });
    expect(
      teachingFromAlert(
        alert({
          kind: 'novelty',
          field: 'device_fingerprint',
          value: 'windows-10-desktop-chrome',
          known: [],
          known_count: 0,
        }),
      ),
    ).toEqual({
      country: 'BR',
      device: 'windows-10-desktop-chrome',
      ip: '203.0.113.9',
    });
  });

  it('leaves out what the analyst excludes', () => {
    expect(
      teachingFromAlert(alert({ kind: 'anonymous_ip', signal: 'cidr_list', matched: 'x' }), {
        ip: false,
        country: false,
      }),
    ).toEqual({});
  });

  it('makes the values known at the login time without touching the stored state', () => {
    const state = newUserState('alice', 0);
    const at = Date.parse('2024-05-01T10:00:00Z');
    const next = teachBaseline(state, { country: 'BR', ip: '203.0.113.9', device: 'd' }, at, {
      maxCountries: 30,
      maxDevices: 20,
      maxIps: 30,
    });
    expect(next.countries).toEqual([{ value: 'BR', first: at, last: at, count: 1 }]);
    expect(next.ips.map((e) => e.value)).toEqual(['203.0.113.9']);
    expect(next.devices.map((e) => e.value)).toEqual(['d']);
    expect(state.countries).toEqual([]);
  });
});
