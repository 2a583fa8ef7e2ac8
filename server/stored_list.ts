/**
 * Reading a list out of a stored state (a document in an index or a state file): it may be hand-edited or left by
 * another writer, and every family's core reads each entry's fields as their types (a null entry made every later
 * batch of the entity throw, and so fail the whole pass, for as long as it was stored). The login family's user
 * states (server/detection/user_state.ts), the sequence family's tracks (families/sequence/entity_state.ts), the
 * credential families' (families/credential/stored.ts) and the web family's (families/web/state.ts) read theirs here.
 */

/**
 * The list itself when every entry is usable and it is within `cap` (the usual state: read without a copy, and a
 * caller can tell by identity that nothing changed), else a copy of its usable entries, the newest `cap` of them (the
 * list's end: each core appends). Anything but a list is an empty one. `usable` only judges an entry, it never
 * mends one: an entry is kept as it is, or dropped.
 */
export function usableList<T>(list: T[], usable: (e: unknown) => boolean, cap?: number): T[];
export function usableList<T>(list: unknown, usable: (e: unknown) => boolean, cap?: number): T[];
export function usableList<T>(list: unknown, usable: (e: unknown) => boolean, cap = Infinity): T[] {
  if (!Array.isArray(list)) return [];
  if (list.length <= cap && list.every(usable)) return list as T[];
  return list.filter(usable).slice(-cap) as T[];
}
