/**
 * The engine's state (state.ts) cut into per-entity documents and put back together: one entity (a rule identifier
 * field and one of its values, reader.ts) keeps, for each rule keyed by that field, its track — the buffered events
 * and the open windows — plus the watermark it was last judged to. A batch's entities are joined into one engine
 * state, run, and cut apart again, so the engine never sees the storage and the storage never sees the engine.
 */
import { ruleStateKey, type SequenceRule } from './rule';
import { splitEntityKey } from './reader';
import {
  restoreSequenceState,
  serializeSequenceState,
  STATE_VERSION,
  type SequenceState,
  type SerializedSequenceState,
} from './state';

/** One entity's share of the state: the serialised form, each rule holding at most the one track of this value. */
export type EntityState = SerializedSequenceState;

export const isEntityState = (v: unknown): v is EntityState =>
  typeof v === 'object' &&
  v !== null &&
  (v as EntityState).version === STATE_VERSION &&
  Array.isArray((v as EntityState).rules);

/** The batch's entity states as one engine state; the lowest watermark, so nothing any entity still accepts is late. */
export function joinStates(
  states: ReadonlyMap<string, EntityState>,
  rules: readonly SequenceRule[],
): { state: SequenceState; invalid: string[] } {
  const byRule = new Map<string, SerializedSequenceState['rules'][number]['tracks']>();
  let watermark: number | null = null;
  let maxSeen: number | null = null;
  const invalid: string[] = [];
  for (const [key, s] of states) {
    const restored = restoreSequenceState(s, new Set(s.rules.map((r) => r.rule)));
    if (!restored.ok) {
      invalid.push(key);
      continue;
    }
    if (s.watermark !== null && (watermark === null || s.watermark < watermark)) watermark = s.watermark;
    if (s.max_seen !== null && (maxSeen === null || s.max_seen > maxSeen)) maxSeen = s.max_seen;
    for (const r of s.rules) byRule.set(r.rule, [...(byRule.get(r.rule) ?? []), ...r.tracks]);
  }
  const joined: SerializedSequenceState = {
    version: STATE_VERSION,
    max_seen: maxSeen,
    watermark,
    rules: [...byRule].map(([rule, tracks]) => ({ rule, tracks })),
  };
  const restored = restoreSequenceState(joined, new Set(rules.map(ruleStateKey)));
  if (!restored.ok) throw new Error(`sequence state could not be joined: ${restored.error}`);
  return { state: restored.state, invalid };
}

/** Cuts the engine state back into the entities' states (an entity whose tracks are all gone gets an empty one). */
export function splitState(
  state: SequenceState,
  entities: Iterable<string>,
  rules: readonly SequenceRule[],
): Map<string, EntityState> {
  const serialised = serializeSequenceState(state);
  const tracksOf = new Map(serialised.rules.map((r) => [r.rule, new Map(r.tracks.map((t) => [t.key, t]))]));
  const out = new Map<string, EntityState>();
  for (const key of entities) {
    const { field, value } = splitEntityKey(key);
    const own: EntityState['rules'] = [];
    for (const rule of rules) {
      if (rule.identifier !== field) continue;
      const track = tracksOf.get(ruleStateKey(rule))?.get(value);
      if (track) own.push({ rule: ruleStateKey(rule), tracks: [track] });
    }
    out.set(key, {
      version: STATE_VERSION,
      max_seen: serialised.max_seen,
      watermark: serialised.watermark,
      rules: own,
    });
  }
  return out;
}

/**
 * Two writers' states of one entity folded together (a concurrent write: e.g. `Bob` and `bob` judged in two batches
 * of one window): the union of their events and windows by event id, a window decided if either decided it.
 */
export function mergeEntityStates(computed: EntityState, stored: EntityState): EntityState {
  const rules = new Map(computed.rules.map((r) => [r.rule, r.tracks]));
  for (const r of stored.rules) {
    const mine = rules.get(r.rule);
    if (!mine) {
      rules.set(r.rule, r.tracks);
      continue;
    }
    const tracks = new Map(mine.map((t) => [t.key, t]));
    for (const t of r.tracks) {
      const m = tracks.get(t.key);
      if (!m) {
        tracks.set(t.key, t);
        continue;
      }
      const events = new Map([...t.events, ...m.events].map((e) => [e.id, e]));
      const anchors = new Map(m.anchors.map((a) => [a.id, a]));
      for (const a of t.anchors) {
        const known = anchors.get(a.id);
        anchors.set(a.id, known ? { ...known, done: known.done || a.done } : a);
      }
      const byTime = <T extends { t: number; id: string }>(x: T, y: T) =>
        x.t - y.t || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
      tracks.set(t.key, {
        key: t.key,
        events: [...events.values()].sort(byTime),
        anchors: [...anchors.values()].sort(byTime),
      });
    }
    rules.set(r.rule, [...tracks.values()]);
  }
  const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  return {
    version: STATE_VERSION,
    max_seen: max(computed.max_seen, stored.max_seen),
    watermark: max(computed.watermark, stored.watermark),
    rules: [...rules].map(([rule, tracks]) => ({ rule, tracks })),
  };
}

/**
 * When the entity must be judged again without new events: the earliest close of an open window of a rule that is
 * decided when its window closes (`one`, `none`). As the engine closes them (engine.ts, "When an alert fires"):
 * followed by, at A + the window's end (A + the time frame with a chain); preceded by, at A itself.
 */
export function dueOf(state: EntityState, rules: readonly SequenceRule[]): number | undefined {
  const byKey = new Map(rules.map((r) => [ruleStateKey(r), r]));
  let due: number | undefined;
  for (const r of state.rules) {
    const rule = byKey.get(r.rule);
    if (!rule || rule.match === 'any' || rule.match === 'all') continue;
    const end = rule.period.when === 'before' ? rule.period.ms : rule.timeFrameMs;
    const closeAfter = rule.direction === 'preceded_by' ? 0 : rule.secondary ? rule.timeFrameMs : end;
    for (const t of r.tracks)
      for (const a of t.anchors) if (!a.done && (due === undefined || a.t + closeAfter < due)) due = a.t + closeAfter;
  }
  return due;
}
