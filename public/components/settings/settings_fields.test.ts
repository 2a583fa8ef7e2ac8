/** The Settings form's fields, derived from the settings table, are the ones the form offered before the table. */
import { DETECTION_TABLE } from '../../../common/detection_config_table';
import { tableLeaves } from '../../../common/config_table';
import { editorFor, SETTING_GROUPS, type SettingGroup } from './settings_fields';

/** The hand-written groups of commit c9ad427, verbatim, and the risk score model's fields added since. */
const BEFORE: SettingGroup[] = [
  {
    title: 'Detectors',
    fields: [
      { path: 'impossibleTravel.enabled', label: 'Impossible travel', kind: 'bool' },
      { path: 'newCountry.enabled', label: 'New country', kind: 'bool' },
      { path: 'atypicalCountry.enabled', label: 'Atypical country', kind: 'bool' },
      { path: 'newDevice.enabled', label: 'New device', kind: 'bool' },
      { path: 'anonymousIp.enabled', label: 'Anonymous IP', kind: 'bool' },
    ],
  },
  {
    title: 'Thresholds',
    fields: [
      {
        path: 'impossibleTravel.maxSpeedKmh',
        label: 'Travel: maximum plausible speed (km/h)',
        kind: 'number',
        help: 'Faster journeys alert. An airliner cruises at about 900 km/h.',
      },
      {
        path: 'impossibleTravel.minDistanceKm',
        label: 'Travel: minimum distance (km)',
        kind: 'number',
        help: 'Shorter jumps are GeoIP noise.',
      },
      { path: 'atypicalCountry.days', label: 'Atypical country after (days)', kind: 'number' },
      {
        path: 'filters.learningPeriodDays',
        label: 'Learning period (days)',
        kind: 'number',
        help: 'Alerts of a new user are filtered this long.',
      },
      { path: 'risk.lowAt', label: 'Risk low at (alerts)', kind: 'number' },
      { path: 'risk.mediumAt', label: 'Risk medium at (alerts)', kind: 'number' },
      { path: 'risk.highAt', label: 'Risk high at (alerts)', kind: 'number' },
      { path: 'risk.alertAtLevel', label: 'Alert when risk reaches', kind: 'level' },
      // Added with issue 12's risk score model (the default profile's).
      {
        path: 'risk.halfLifeDays',
        label: 'Risk half-life (days)',
        kind: 'number',
        help: 'Score model (default profile).',
      },
      { path: 'risk.scoreLowAt', label: 'Risk low at (score)', kind: 'number' },
      { path: 'risk.scoreMediumAt', label: 'Risk medium at (score)', kind: 'number' },
      { path: 'risk.scoreHighAt', label: 'Risk high at (score)', kind: 'number' },
      { path: 'filters.minimumRiskLevel', label: 'Filter alerts of users below risk', kind: 'level' },
    ],
  },
  {
    title: 'Allow-lists and filters (one entry per line)',
    fields: [
      {
        path: 'impossibleTravel.trustedCidrs',
        label: 'Trusted networks (VPN/proxy egress, offices: CIDRs)',
        kind: 'lines',
      },
      { path: 'impossibleTravel.trustedAsns', label: 'Trusted AS numbers', kind: 'asns' },
      { path: 'filters.ignoredIps', label: 'Ignored IPs', kind: 'lines' },
      {
        path: 'filters.ignoredUsers',
        label: 'Ignored users',
        kind: 'lines',
        help:
          'Exact names, or globs matching the whole name: svc-* (any characters), user? (one character). ' +
          'In the buffalogs profile: regular expressions found anywhere in the name, as in BuffaLogs.',
      },
      { path: 'filters.allowedCountries', label: 'Allowed countries (name or ISO code)', kind: 'lines' },
      { path: 'filters.ignoredIsps', label: 'Ignored ISPs (AS organisation)', kind: 'lines' },
      { path: 'anonymousIp.cidrs', label: 'Anonymiser networks (CIDRs)', kind: 'lines' },
      { path: 'anonymousIp.asns', label: 'Anonymiser AS numbers', kind: 'asns' },
    ],
  },
];

test('the derived groups are the hand-written ones: titles, order, paths, labels, editors and help', () => {
  expect(SETTING_GROUPS).toEqual(BEFORE);
});

test('every setting of the table has an editor or is left out of the form on purpose', () => {
  const offered = tableLeaves(DETECTION_TABLE).filter(({ leaf }) => leaf.form);
  for (const { leaf } of offered) expect(() => editorFor(leaf.kind)).not.toThrow();
  expect(() => editorFor({ t: 'couples' })).toThrow(/no editor for a couples setting/);
  expect(offered.length).toBe(SETTING_GROUPS.flatMap((g) => g.fields).length);
});
