/**
 * A family's settings as one declarative table: every leaf says what kind of value it takes (bool, number with
 * bounds, one of some values, a checked list…), what it means, and, when the Settings form offers it, where and how.
 * From a table are derived the API/CLI validator (here), the kibana.yml schema (server/config_table_schema.ts) and the
 * Settings form's fields (public/components/settings/settings_fields.ts), so the three never disagree.
 * No Kibana imports: this file runs in the browser too.
 */
import { RULE_IDS } from './constants';
import { ownValue } from './own_keys';

/** What a leaf accepts. Bounds are inclusive; a list `check` returns an error sentence for a bad entry. */
export type LeafKind =
  | { t: 'bool' }
  | { t: 'num'; min: number; max?: number; int?: boolean }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'strings'; check?: (s: string) => string | undefined; maxItems?: number; maxLength?: number }
  | { t: 'asns' }
  | { t: 'rules' }
  | { t: 'couples' };

/** Where a leaf appears in the Settings form; its editor follows from its kind (settings_fields.ts). */
export interface FormPlacement<G extends string = string> {
  group: G;
  /** Position inside the group (the form lists fields as an analyst reads them, not in table order). */
  order: number;
  label: string;
  help?: string;
}

export interface Leaf<G extends string = string> {
  kind: LeafKind;
  /** What the setting means (the reason for each profile's value is beside the value, in the profile). */
  about: string;
  form?: FormPlacement<G>;
}

/** One section of settings: exactly the keys of `T`, each a leaf (the compiler checks the table is complete). */
export type SectionTable<T, G extends string = string> = { readonly [K in keyof T]-?: Leaf<G> };
/** A family's table: exactly the sections of `T`. */
export type ConfigTable<T, G extends string = string> = { readonly [S in keyof T]-?: SectionTable<T[S], G> };
/** Any family's table, as the derivations read it. */
export type AnyConfigTable = { readonly [section: string]: { readonly [key: string]: Leaf } };

export interface ConfigError {
  path: string;
  message: string;
}
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: ConfigError[] };

export const MAX_ASN = 4294967295;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one value against its leaf's kind, pushing every problem with its path (`filters.ignoredIps[2]`). */
export function checkLeaf(path: string, kind: LeafKind, value: unknown, errors: ConfigError[]): void {
  const fail = (message: string) => errors.push({ path, message });
  switch (kind.t) {
    case 'bool':
      if (typeof value !== 'boolean') fail('must be true or false');
      return;
    case 'num':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('must be a number');
      else if (kind.int && !Number.isInteger(value)) fail('must be a whole number');
      else if (value < kind.min) fail(`must be at least ${kind.min}`);
      else if (kind.max !== undefined && value > kind.max) fail(`must be at most ${kind.max}`);
      return;
    case 'enum':
      if (typeof value !== 'string' || !kind.values.includes(value)) fail(`must be one of: ${kind.values.join(', ')}`);
      return;
    case 'strings':
    case 'asns':
    case 'rules':
    case 'couples': {
      if (!Array.isArray(value)) {
        fail('must be a list');
        return;
      }
      if (kind.t === 'strings' && kind.maxItems !== undefined && value.length > kind.maxItems) {
        fail(`must have at most ${kind.maxItems} entries`);
        return;
      }
      value.forEach((item, i) => {
        const itemPath = `${path}[${i}]`;
        const itemFail = (message: string) => errors.push({ path: itemPath, message });
        if (kind.t === 'strings') {
          if (typeof item !== 'string') itemFail('must be a string');
          else if (kind.maxLength !== undefined && item.length > kind.maxLength)
            itemFail(`must be at most ${kind.maxLength} characters`);
          else if (kind.check) {
            const message = kind.check(item);
            if (message) itemFail(message);
          }
        } else if (kind.t === 'asns') {
          if (typeof item !== 'number' || !Number.isInteger(item) || item < 0 || item > MAX_ASN) {
            itemFail(`must be an AS number (a whole number from 0 to ${MAX_ASN})`);
          }
        } else if (kind.t === 'rules') {
          if (typeof item !== 'string' || !(RULE_IDS as readonly string[]).includes(item)) {
            itemFail(`must be one of: ${RULE_IDS.join(', ')}`);
          }
        } else if (!Array.isArray(item) || item.length !== 2 || item.some((c) => typeof c !== 'string')) {
          itemFail('must be a pair of country names, e.g. ["Italy", "Germany"]');
        }
      });
      return;
    }
  }
}

/**
 * Checks overrides (sections of leaves, every key optional) against a table. Unknown keys are errors (a typo must not
 * silently do nothing). Names are looked up as own keys of the table: `constructor`, `toString`, `__proto__`… are
 * unknown settings like any other (found by inheritance, `constructor.assign` once passed and replaced
 * `Object.assign`). `unknownSectionHint` adds a sentence for a name that is known elsewhere (e.g. `profile`).
 */
export function tableErrors(
  table: AnyConfigTable,
  input: Record<string, unknown>,
  unknownSectionHint: (section: string) => string = () => '',
): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const [section, body] of Object.entries(input)) {
    const fields = ownValue(table, section) as AnyConfigTable[string] | undefined;
    if (!fields) {
      errors.push({
        path: section,
        message: `unknown setting${unknownSectionHint(section)}; known: ${Object.keys(table).join(', ')}`,
      });
      continue;
    }
    if (!isPlainObject(body)) {
      errors.push({ path: section, message: 'must be an object' });
      continue;
    }
    for (const [key, value] of Object.entries(body)) {
      const leaf = ownValue(fields, key) as Leaf | undefined;
      if (!leaf) {
        errors.push({
          path: `${section}.${key}`,
          message: `unknown setting; known: ${Object.keys(fields).join(', ')}`,
        });
        continue;
      }
      checkLeaf(`${section}.${key}`, leaf.kind, value, errors);
    }
  }
  return errors;
}

/**
 * Writes validated overrides onto a copy of the defaults (lists replace, they do not append). Driven by the table's
 * own names, so only a known setting of a known section is ever written.
 */
export function applyOverrides<T extends object>(table: AnyConfigTable, defaults: T, overrides: object): T {
  const config = JSON.parse(JSON.stringify(defaults)) as T;
  const target = config as unknown as Record<string, Record<string, unknown>>;
  for (const [section, fields] of Object.entries(table)) {
    const body = ownValue(overrides, section);
    if (!isPlainObject(body)) continue;
    for (const key of Object.keys(fields)) {
      const value = ownValue(body, key);
      if (value !== undefined) target[section][key] = JSON.parse(JSON.stringify(value));
    }
  }
  return config;
}

/** Every leaf of a table with its dotted path, in table order. */
export function tableLeaves(table: AnyConfigTable): Array<{ path: string; leaf: Leaf }> {
  return Object.entries(table).flatMap(([section, fields]) =>
    Object.entries(fields).map(([key, leaf]) => ({ path: `${section}.${key}`, leaf })),
  );
}
