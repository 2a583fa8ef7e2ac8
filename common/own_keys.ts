/**
 * Reading and writing keys that come from outside (a log line, a settings body, a stored document) without touching
 * prototypes. Two rules, used wherever such a key meets a plain object:
 * - never write a key that reaches a prototype: `__proto__` is an accessor on `Object.prototype` (assigning it
 *   replaces the object's prototype, or writes onto the shared one when read back and assigned into), and
 *   `constructor`/`prototype` lead from any object to `Object` and `Object.prototype`;
 * - never read an inherited property as if it were data: `{}.toString` is a function, `{}.constructor` is `Object`.
 * No Kibana imports: this file runs in the browser too.
 */

/** Keys dropped from (log lines) or refused in (settings) anything user-supplied. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const lengths = [...PROTOTYPE_KEYS].map((k) => k.length);
const SHORTEST = Math.min(...lengths);
const LONGEST = Math.max(...lengths);

/**
 * Whether `key` is one of PROTOTYPE_KEYS. The length is compared first: every key of every event read is checked, and
 * nearly all are shorter or longer than these (9 to 11 characters), so they skip the set lookup.
 */
export const isPrototypeKey = (key: string): boolean =>
  key.length >= SHORTEST && key.length <= LONGEST && PROTOTYPE_KEYS.has(key);

/** `obj[key]` only when `key` is the object's own property; `undefined` for inherited ones. */
export function ownValue(obj: object, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}
