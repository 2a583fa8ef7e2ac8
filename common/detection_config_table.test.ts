/** The login family's settings table: it describes exactly the profiles' settings, and the defaults did not move. */
import { tableLeaves } from './config_table';
import { PROFILE_NAMES, parseDetectionConfigOverrides, profileDefaults } from './detection_config';
import { DETECTION_FORM_GROUPS, DETECTION_TABLE } from './detection_config_table';
import before from './__fixtures__/profile_defaults.json';

test.each(PROFILE_NAMES)('the %s profile is value for value what it was before the table (fixture)', (profile) => {
  expect(profileDefaults(profile)).toEqual(before[profile]);
});

test.each(PROFILE_NAMES)('every setting of the %s profile is a leaf of the table, and its value passes', (profile) => {
  const { profile: _name, ...settings } = profileDefaults(profile);
  const leaves = Object.entries(settings).flatMap(([s, body]) => Object.keys(body).map((k) => `${s}.${k}`));
  expect(tableLeaves(DETECTION_TABLE).map((l) => l.path)).toEqual(leaves);
  expect(parseDetectionConfigOverrides(settings)).toEqual({ ok: true, value: settings });
});

test('every form placement names a known group and a unique position in it; every leaf says what it means', () => {
  const groups = new Set<string>(DETECTION_FORM_GROUPS.map((g) => g.id));
  const seen = new Set<string>();
  for (const { path, leaf } of tableLeaves(DETECTION_TABLE)) {
    expect([path, leaf.about.length > 10]).toEqual([path, true]);
    if (!leaf.form) continue;
    expect(groups.has(leaf.form.group)).toBe(true);
    const position = `${leaf.form.group}#${leaf.form.order}`;
    expect([path, seen.has(position)]).toEqual([path, false]);
    seen.add(position);
  }
});
