/**
 * The engine's state (state.ts) cut into per-entity documents and put back together: one entity (a rule identifier
 * field and one of its values, reader.ts) keeps, for each rule keyed by that field, its track — the buffered events
 * and the open windows — plus the watermark it was last judged to. A batch's entities are joined into one engine
 * state, run, and cut apart again, so the engine never sees the storage and the storage never sees the engine.
 */
import { isPlainObject } from '../../events/ecs_document';
import { usableList } from '../../stored_list';
import { judgedByAPass, writtenByAPass } from '../judged_to';
import { ruleStateKey, type SequenceRule } from './rule';
import { splitEntityKey } from './reader';
import {
  isAnchor,
  isBufferedEvent,
  isEventTime,
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

type StoredRule = EntityState['rules'][number];
type StoredTrack = StoredRule['tracks'][number];

/**
 * A stored entity state as the batch can use it. A document may be hand-edited or left by another writer, and the
 * join, the merge of a concurrent write and the due time read it before restoreSequenceState checks it: a null rule
 * entry made every batch holding the entity throw, failing the whole pass for as long as it was stored; a watermark
 * or latest time that was absent or text became the whole batch's, so every entity of it lost its watermark (events
 * already judged were accepted again). Rules and tracks that are not of their shape are dropped (a rule's other
 * tracks, the entity's other rules are kept), and so are events and windows that are not (restoreSequenceState drops
 * those too); a time that is no number is none. A state of usable entries is returned as the very object (no copy).
 */
export function readEntityState(v: unknown): EntityState | undefined {
  if (!isEntityState(v)) return undefined;
  const maxSeen = timeOrNull(v.max_seen);
  const watermark = timeOrNull(v.watermark);
  const rules = usable(v.rules, usableRule);
  if (rules === v.rules && maxSeen === v.max_seen && watermark === v.watermark) return v;
  return { ...v, max_seen: maxSeen, watermark, rules };
}

const timeOrNull = (t: unknown): number | null => (isEventTime(t) ? t : null);

/**
 * The list itself when every entry needs no change, else its usable entries, each as usable. Not the shared
 * usableList (../../stored_list.ts), which keeps or drops an entry as it is: a rule or a track is mended here (a
 * rule keeps its other tracks when one is unusable, a track its other events), so `read` gives the entry to keep,
 * the same object when nothing in it changed, and the list is copied when any entry was dropped or mended.
 */
function usable<T>(list: T[], read: (e: unknown) => T | undefined): T[] {
  let out: T[] | undefined;
  list.forEach((e, i) => {
    const r = read(e);
    if (r === e && out === undefined) return;
    out ??= list.slice(0, i);
    if (r !== undefined) out.push(r);
  });
  return out ?? list;
}

function usableRule(r: unknown): StoredRule | undefined {
  if (!isPlainObject(r) || typeof r.rule !== 'string' || !Array.isArray(r.tracks)) return undefined;
  const rule = r as unknown as StoredRule;
  const tracks = usable(rule.tracks, usableTrack);
  return tracks === rule.tracks ? rule : { ...rule, tracks };
}

function usableTrack(t: unknown): StoredTrack | undefined {
  if (!isPlainObject(t) || typeof t.key !== 'string' || !Array.isArray(t.events) || !Array.isArray(t.anchors))
    return undefined;
  const track = t as unknown as StoredTrack;
  const events = usableList(track.events, isBufferedEvent);
  const anchors = usableList(track.anchors, isAnchor);
  return events === track.events && anchors === track.anchors ? track : { ...track, events, anchors };
}

/**
 * The batch's entity states as one engine state; the lowest watermark, so nothing any entity still accepts is late.
 * Each as a pass at `now` can use it (asOfClock).
 */
export function joinStates(
  states: ReadonlyMap<string, EntityState>,
  rules: readonly SequenceRule[],
  now: number,
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
    const held = asOfClock(s, now);
    if (held.watermark !== null && (watermark === null || held.watermark < watermark)) watermark = held.watermark;
    if (held.max_seen !== null && (maxSeen === null || held.max_seen > maxSeen)) maxSeen = held.max_seen;
    // Only the entity's own tracks: one keyed for another entity (a hand-edited or misfiled document) would replace or
    // add to that entity's windows in the batch, and alert on it.
    const { value } = splitEntityKey(key);
    for (const r of held.rules) {
      const own = r.tracks.filter((t) => t.key === value);
      byRule.set(r.rule, [...(byRule.get(r.rule) ?? []), ...own]);
    }
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

/**
 * A stored entity state as a pass at `now` can use it, by joinStates and the merge of a concurrent write alike. A
 * watermark or latest time seen that no pass at `now` could have written (../judged_to.ts: a hand edit) is none: the
 * one would make every event of the batch's entities late until then, the other would become the batch's watermark,
 * and either would be written back to every entity of the batch (the watermark never moves back; the merge keeps the
 * later); the tracks' events and windows no pass could have seen are dropped (seenByAPass). Here, not in
 * readEntityState: the reader has the stored state only, the batch's core and the store's merge have the pass's clock.
 * The state itself when nothing is past the clock (the usual case: it runs per entity per batch).
 */
function asOfClock(s: EntityState, now: number): EntityState {
  const watermark = s.watermark !== null && judgedByAPass(s.watermark, now) ? s.watermark : null;
  const maxSeen = s.max_seen !== null && judgedByAPass(s.max_seen, now) ? s.max_seen : null;
  let rules: StoredRule[] | undefined;
  for (let i = 0; i < s.rules.length; i++) {
    const held = heldRule(s.rules[i], now);
    if (held !== s.rules[i]) (rules ??= s.rules.slice())[i] = held;
  }
  if (rules === undefined && watermark === s.watermark && maxSeen === s.max_seen) return s;
  return { ...s, watermark, max_seen: maxSeen, rules: rules ?? s.rules };
}

function heldRule(r: StoredRule, now: number): StoredRule {
  let tracks: StoredTrack[] | undefined;
  for (let i = 0; i < r.tracks.length; i++) {
    const seen = seenByAPass(r.tracks[i], now);
    if (seen !== r.tracks[i]) (tracks ??= r.tracks.slice())[i] = seen;
  }
  return tracks === undefined ? r : { ...r, tracks };
}

/**
 * The track without the events and windows no pass could have seen (../judged_to.ts: each is an event's time, and a
 * pass reads events up to its clock). Dropped, not moved back: no event came then. Kept, a window opened in the year
 * 3000 never closed (no watermark reaches it) and matched nothing, and a track keeps its newest windows and events: as
 * many such windows as it keeps dropped each real one over the cap as it opened, for good (and events likewise).
 */
function seenByAPass(track: StoredTrack, now: number): StoredTrack {
  const events = writtenByAPass(track.events, timeOf, now);
  const anchors = writtenByAPass(track.anchors, timeOf, now);
  return events === track.events && anchors === track.anchors ? track : { ...track, events, anchors };
}

const timeOf = (e: { t: number }): number => e.t;

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
 * of one window): the union of their events and windows by event id, a window decided if either decided it. The stored
 * state is read as a pass at `now` loads it (asOfClock): as written, the later watermark and latest time seen kept a
 * hand-edited year 3000 (the next load read it as none, the entity's own watermark lost with it), and the union kept
 * windows and events no pass could have seen.
 */
export function mergeEntityStates(computed: EntityState, written: EntityState, now: number): EntityState {
  const stored = asOfClock(written, now);
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
