import type { LeafKind } from '../../../common/config_table';
import { RISK_LEVELS } from '../../../common/constants';
import type { DetectionConfig, DetectionConfigOverrides } from '../../../common/detection_config';
import { DETECTION_FORM_GROUPS, DETECTION_TABLE } from '../../../common/detection_config_table';
import { tableLeaves } from '../../../common/config_table';

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

/** The editor a leaf's kind calls for; a kind the form has no editor for yet is a programming error (tested). */
export function editorFor(kind: LeafKind): FieldKind {
  switch (kind.t) {
    case 'bool':
      return 'bool';
    case 'num':
      return 'number';
    case 'strings':
      return 'lines';
    case 'asns':
      return 'asns';
    case 'enum':
      if (kind.values === RISK_LEVELS) return 'level';
  }
  throw new Error(`The settings form has no editor for a ${kind.t} setting`);
}

/**
 * The settings the form offers, derived from the login family's settings table (common/detection_config_table.ts):
 * the leaves with a form placement, in their group's order (the rest stays as stored).
 */
export const SETTING_GROUPS: SettingGroup[] = DETECTION_FORM_GROUPS.map((group) => ({
  title: group.title,
  fields: tableLeaves(DETECTION_TABLE)
    .flatMap(({ path, leaf }) => (leaf.form?.group === group.id ? [{ path, leaf, form: leaf.form }] : []))
    .sort((a, b) => a.form.order - b.form.order)
    .map(({ path, leaf, form }) => ({
      path,
      label: form.label,
      kind: editorFor(leaf.kind),
      ...(form.help !== undefined ? { help: form.help } : {}),
    })),
}));

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
