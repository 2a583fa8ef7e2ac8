/**
 * Proof that nothing polluted the built-ins: a snapshot of the own properties of the objects an attacker's key can
 * reach (`__proto__`, `constructor`, `prototype`, and inherited names such as `toString`, `hasOwnProperty`), compared
 * after the code under test ran. `restore` puts back whatever a failing run changed, so one failure does not cascade
 * into every later test of the file.
 */
const TARGETS: Array<[string, object]> = [
  ['Object', Object],
  ['Object.prototype', Object.prototype],
  ['Object.prototype.toString', Object.prototype.toString],
  ['Object.prototype.hasOwnProperty', Object.prototype.hasOwnProperty],
  ['Array', Array],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['JSON', JSON],
];

type Snapshot = Array<[string, object, Map<string | symbol, PropertyDescriptor>, object | null]>;

export function snapshotBuiltins(): Snapshot {
  return TARGETS.map(([name, target]) => {
    const props = new Map<string | symbol, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(target)) props.set(key, Reflect.getOwnPropertyDescriptor(target, key)!);
    return [name, target, props, Reflect.getPrototypeOf(target)];
  });
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor): boolean =>
  a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable;

/** What changed since the snapshot, one line each (`Object.assign changed`, `Object.prototype.x added`); [] if nothing. */
export function builtinChanges(snapshot: Snapshot): string[] {
  const changes: string[] = [];
  for (const [name, target, props, proto] of snapshot) {
    if (Reflect.getPrototypeOf(target) !== proto) changes.push(`${name}'s prototype replaced`);
    const now = new Set(Reflect.ownKeys(target));
    for (const key of now) {
      const before = props.get(key);
      if (!before) changes.push(`${name}.${String(key)} added`);
      else if (!sameDescriptor(before, Reflect.getOwnPropertyDescriptor(target, key)!))
        changes.push(`${name}.${String(key)} changed`);
    }
    for (const key of props.keys()) if (!now.has(key)) changes.push(`${name}.${String(key)} deleted`);
  }
  return changes;
}

/** Undoes what changed since the snapshot (a test that failed must not poison the next ones). */
export function restoreBuiltins(snapshot: Snapshot): void {
  for (const [, target, props, proto] of snapshot) {
    if (Reflect.getPrototypeOf(target) !== proto) Reflect.setPrototypeOf(target, proto);
    for (const key of Reflect.ownKeys(target)) if (!props.has(key)) Reflect.deleteProperty(target, key);
    for (const [key, descriptor] of props) Reflect.defineProperty(target, key, descriptor);
  }
}
