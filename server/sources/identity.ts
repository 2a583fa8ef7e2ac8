/**
 * One identity per person across sources (busybody's `user_domain` and `user_map`, made explicit):
 * - an e-mail or UPN (`Jane.Doe@Corp.com`) is the identity, lower-cased;
 * - `CORP\jdoe` and a bare `jdoe` are the name alone, plus the domain configured for the source's dataset when there
 *   is one (`jdoe` in system.security with `userDomains: {"system.security": "corp.com"}` → `jdoe@corp.com`);
 * - `userMap` maps any source spelling (lower-cased, before or after the rules above) to the identity it names.
 * The source's own spelling is kept beside the identity for the UI; baselines key on the identity.
 */
export interface IdentityConfig {
  /** `data_stream.dataset` → the mail domain of that source's bare names. */
  userDomains: Readonly<Record<string, string>>;
  /** Source spelling (any case) → identity. */
  userMap: Readonly<Record<string, string>>;
  excludeServiceAccounts: boolean;
  /** Names (any case) or `*` patterns (`*$`, `dwm-*`) of service and machine accounts. */
  serviceAccounts: readonly string[];
}

/** Windows' built-in principals and the account-name shapes Windows gives machines and per-session helpers. */
export const DEFAULT_SERVICE_ACCOUNTS: readonly string[] = [
  'system',
  'local service',
  'network service',
  'anonymous logon',
  'local system',
  '*$',
  'dwm-*',
  'umfd-*',
];

export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = {
  userDomains: {},
  userMap: {},
  excludeServiceAccounts: true,
  serviceAccounts: DEFAULT_SERVICE_ACCOUNTS,
};

/** Own-property lookup: a name like `constructor` or `__proto__` must never reach Object.prototype. */
function lookup(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** The identity a source spelling names; '' when the spelling is empty. */
export function canonicalIdentity(name: string, dataset: string | undefined, config: IdentityConfig): string {
  const spelled = name.trim().toLowerCase();
  if (spelled === '') return '';
  const mapped = lookup(config.userMap, spelled);
  if (mapped !== undefined) return mapped.trim().toLowerCase();
  let identity = spelled;
  const slash = spelled.lastIndexOf('\\');
  if (slash >= 0) identity = spelled.slice(slash + 1);
  if (!identity.includes('@') && dataset !== undefined) {
    const domain = lookup(config.userDomains, dataset);
    if (domain) identity = `${identity}@${domain.trim().toLowerCase()}`;
  }
  return lookup(config.userMap, identity)?.trim().toLowerCase() ?? identity;
}

/** Whether a source spelling is a configured service or machine account (the name part of `DOMAIN\name`). */
export function isServiceAccount(name: string, accounts: readonly string[]): boolean {
  const spelled = name.trim().toLowerCase();
  const bare = spelled.slice(spelled.lastIndexOf('\\') + 1);
  // A loop, not `some` with a closure: every login the passes read is checked.
  for (const p of compiledAccounts(accounts)) {
    if (
      p.kind === 'suffix'
        ? bare.endsWith(p.text)
        : p.kind === 'prefix'
          ? bare.startsWith(p.text)
          : bare === p.text || spelled === p.text
    )
      return true;
  }
  return false;
}

interface AccountPattern {
  kind: 'suffix' | 'prefix' | 'name';
  text: string;
}

/**
 * The list's patterns lower-cased and split once per list (a settings object lives for a pass), not once per login
 * and pattern: the pass judges every login it reads with them.
 */
const COMPILED = new WeakMap<readonly string[], AccountPattern[]>();
function compiledAccounts(accounts: readonly string[]): AccountPattern[] {
  let compiled = COMPILED.get(accounts);
  if (compiled === undefined) {
    compiled = accounts.map((pattern): AccountPattern => {
      const p = pattern.toLowerCase();
      if (p.startsWith('*')) return { kind: 'suffix', text: p.slice(1) };
      if (p.endsWith('*')) return { kind: 'prefix', text: p.slice(0, -1) };
      return { kind: 'name', text: p };
    });
    COMPILED.set(accounts, compiled);
  }
  return compiled;
}

/** A name, or `*` then text, or text then `*`: what isServiceAccount matches as a pattern. */
function isServicePattern(pattern: string): boolean {
  const stars = pattern.split('*').length - 1;
  if (stars === 0) return true;
  return stars === 1 && pattern.trim().length > 1 && (pattern.startsWith('*') || pattern.endsWith('*'));
}

/** Bounds that keep a configuration small enough to hold and check per event. */
export const IDENTITY_LIMITS = { maxEntries: 10000, maxLength: 256 };

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Validates `identity` settings (kibana.yml or the saved settings): each error names the key. Keys that could reach
 * an object prototype are refused, sizes are bounded; the result holds only own, null-prototype records.
 */
export function parseIdentityConfig(input: unknown): { config: IdentityConfig; errors: string[] } {
  const errors: string[] = [];
  const config: IdentityConfig = { ...DEFAULT_IDENTITY_CONFIG };
  if (input === undefined || input === null) return { config, errors };
  if (typeof input !== 'object' || Array.isArray(input)) return { config, errors: ['identity: must be an object'] };
  const source = input as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (!['userDomains', 'userMap', 'excludeServiceAccounts', 'serviceAccounts'].includes(key))
      errors.push(
        `identity.${key}: unknown setting; known: userDomains, userMap, excludeServiceAccounts, serviceAccounts`,
      );
  }
  const record = (key: 'userDomains' | 'userMap'): Record<string, string> => {
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    const value = source[key];
    if (value === undefined) return out;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push(`identity.${key}: must be an object of strings`);
      return out;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > IDENTITY_LIMITS.maxEntries)
      errors.push(`identity.${key}: at most ${IDENTITY_LIMITS.maxEntries} entries`);
    for (const [k, v] of entries.slice(0, IDENTITY_LIMITS.maxEntries)) {
      // userMap keys are compared lower-cased and trimmed: the reserved names are checked as they will be used.
      if (FORBIDDEN_KEYS.has(k) || FORBIDDEN_KEYS.has(k.trim().toLowerCase()))
        errors.push(`identity.${key}.${k.slice(0, 80)}: reserved name`);
      else if (
        typeof v !== 'string' ||
        v.trim() === '' ||
        v.length > IDENTITY_LIMITS.maxLength ||
        k.length > IDENTITY_LIMITS.maxLength
      )
        errors.push(
          `identity.${key}.${k}: must be a non-empty string of at most ${IDENTITY_LIMITS.maxLength} characters`,
        );
      else out[key === 'userMap' ? k.trim().toLowerCase() : k] = v;
    }
    return out;
  };
  config.userDomains = record('userDomains');
  config.userMap = record('userMap');
  if (source.excludeServiceAccounts !== undefined) {
    if (typeof source.excludeServiceAccounts !== 'boolean')
      errors.push('identity.excludeServiceAccounts: must be true or false');
    else config.excludeServiceAccounts = source.excludeServiceAccounts;
  }
  if (source.serviceAccounts !== undefined) {
    const list = source.serviceAccounts;
    // The count first: a list far over the bound is refused without reading each of its entries.
    if (Array.isArray(list) && list.length > IDENTITY_LIMITS.maxEntries)
      errors.push(`identity.serviceAccounts: at most ${IDENTITY_LIMITS.maxEntries} names`);
    else if (
      !Array.isArray(list) ||
      list.some((s) => typeof s !== 'string' || s.trim() === '' || s.length > IDENTITY_LIMITS.maxLength)
    )
      errors.push(
        `identity.serviceAccounts: must be a list of non-empty names of at most ${IDENTITY_LIMITS.maxLength} characters`,
      );
    else {
      // `*` alone would call every user a service account and silently stop all login detection; a `*` inside a
      // name is matched literally by isServiceAccount, which is never what was meant.
      const bad = (list as string[]).find((s) => !isServicePattern(s));
      if (bad !== undefined)
        errors.push(
          `identity.serviceAccounts: "${bad.slice(0, 80)}" is not a name or a pattern with one \`*\` at its start or ` +
            'end and some text beside it (such as *$ or svc-*)',
        );
      else config.serviceAccounts = list as string[];
    }
  }
  return { config, errors };
}
