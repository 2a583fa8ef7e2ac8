import { RISK_LEVELS } from '../../../common/constants';
import type { DetectionConfig, DetectionConfigOverrides } from '../../../common/detection_config';

/** How a setting is edited: numbers and lists are typed as text, then parsed (and checked) on save. */
export type FieldKind = 'number' | 'bool' | 'level' | 'lines' | 'asns';

export interface SettingField {
  /** Dotted path in DetectionConfig, also the override path and the API's error path. */
  path: string;
  label: string;
  kind: FieldKind;
  help?: string;
}

export interface SettingGroup {
  title: string;
  fields: SettingField[];
}

/** The settings the form offers, grouped as an analyst thinks of them (the rest stays as stored). */
export const SETTING_GROUPS: SettingGroup[] = [
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
      { path: 'filters.minimumRiskLevel', label: 'Filter alerts of users below risk', kind: 'level' },
    ],
  },
  {
    title: 'Allow-lists and filters (one entry per line)',
    fields: [
      {
        path: 'impossibleTravel.trustedCidrs',
        label: 'Trusted networks for travel (VPN/proxy egress CIDRs)',
        kind: 'lines',
      },
      { path: 'impossibleTravel.trustedAsns', label: 'Trusted AS numbers for travel', kind: 'asns' },
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

export const ALL_FIELDS = SETTING_GROUPS.flatMap((g) => g.fields);
export const LEVEL_OPTIONS = RISK_LEVELS;

export type FormValues = Record<string, string | boolean>;

function read(config: object, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], config);
}

/** The form's text/boolean values from the effective settings. */
export function formValues(effective: DetectionConfig): FormValues {
  const values: FormValues = {};
  for (const f of ALL_FIELDS) {
    const v = read(effective, f.path);
    values[f.path] = f.kind === 'bool' ? Boolean(v) : Array.isArray(v) ? v.join('\n') : String(v ?? '');
  }
  return values;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The typed value of a field, or an error message when the text cannot be one. */
export function parseField(field: SettingField, value: string | boolean): { value?: unknown; error?: string } {
  switch (field.kind) {
    case 'bool':
      return { value };
    case 'level':
      return { value };
    case 'number': {
      const text = String(value).trim();
      const n = Number(text);
      return text === '' || !Number.isFinite(n) ? { error: 'Enter a number' } : { value: n };
    }
    case 'lines':
      return { value: lines(String(value)) };
    case 'asns': {
      const items = lines(String(value)).map((l) => l.replace(/^AS/i, ''));
      const bad = items.find((l) => !/^\d+$/.test(l));
      return bad !== undefined ? { error: `“${bad}” is not an AS number` } : { value: items.map(Number) };
    }
  }
}

/**
 * The overrides to store: what was stored, plus every field the user changed (the API replaces overrides whole, so
 * untouched stored overrides must be sent again). Returns per-field errors when a value cannot be parsed.
 */
export function buildOverrides(
  stored: DetectionConfigOverrides,
  initial: FormValues,
  values: FormValues,
): { overrides: DetectionConfigOverrides; errors: Record<string, string> } {
  const overrides = JSON.parse(JSON.stringify(stored)) as Record<string, Record<string, unknown>>;
  const errors: Record<string, string> = {};
  for (const field of ALL_FIELDS) {
    if (values[field.path] === initial[field.path]) continue;
    const parsed = parseField(field, values[field.path]);
    if (parsed.error) {
      errors[field.path] = parsed.error;
      continue;
    }
    const [section, key] = field.path.split('.');
    overrides[section] = { ...(overrides[section] ?? {}), [key]: parsed.value };
  }
  return { overrides: overrides as DetectionConfigOverrides, errors };
}
