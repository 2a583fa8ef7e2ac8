/**
 * The sequence family's persisted state: the watermark and, per rule version and identifier, the events that can
 * still take part in a sequence and the open windows (anchors). It is what makes `none` rules survive passes and
 * restarts: serialise at the end of a pass, restore at the start of the next, and a window opened before the restart
 * closes (and fires) after it exactly as if the process had never stopped (tested in engine.test.ts).
 *
 * Identifier values come from log lines, so every map is a `Map` (a user named `__proto__` is just a key) and the
 * serialised form is arrays, never objects keyed by data.
 */

export interface BufferedEvent {
  id: string;
  index: string;
  t: number;
  action: string;
  /** Bit i: the event is the rule's events[i]. */
  mask: number;
  second: boolean;
}

export interface Anchor {
  id: string;
  index: string;
  t: number;
  action: string;
  /** Fired or closed: kept (until the watermark passes it) only so that a re-read copy does not open it again. */
  done: boolean;
}

export interface Track {
  /** Sorted by time, then id. */
  events: BufferedEvent[];
  /** Sorted by time, then id. */
  anchors: Anchor[];
  /**
   * The ids taken (a re-read copy of one is a duplicate): those of the events and anchors, and of any the bounds
   * dropped (engine.ts). `null` while they are exactly those of the two lists and the track is small: a new track then
   * costs no set, and its ids are looked up in the lists.
   */
  ids: Set<string> | null;
  /**
   * In memory only, never serialised: the identifier value this track is kept under, and the engine's bookkeeping
   * (engine.ts): the due time of the track's live entry in its rule's deadline heap (NaN when none) and the call that
   * last gave it events (so a call lists each touched track once without a map).
   */
  key: string;
  due: number;
  touched: number;
  /**
   * In memory only: the earliest time of an anchor not yet judged against the track's events as they are (Infinity:
   * none; -Infinity: every anchor, as when an event was buffered since or the track was not made by the engine).
   * A monotone rule's windows can only come to hold as events are buffered: the others were judged and did not hold.
   */
  judgeFrom: number;
  /**
   * In memory only: how many of the anchors are open (not done), and times no anchor and no buffered event is later
   * than (Infinity when not known): a track every window and event of which is past is forgotten without reading them.
   */
  open: number;
  anchorsUntil: number;
  eventsUntil: number;
  /** In memory only: the entity it is kept in (null when in none) and its place in its rule's order (TrackMap). */
  entity: Entity | null;
  seq: number;
  /**
   * In memory only: a 32-bit Bloom filter of the ids the lists hold or held (engine.ts, idBits), so that an id not
   * taken, the common case, is told without reading the lists' entries. Ids forgotten stay in it (it only says "maybe")
   * until prune makes it again from the lists, once it is dense; 0 for an empty track, -1 (every bit: "maybe" for
   * every id) when not known, as for a restored track.
   */
  bloom: number;
}

/** A track with nothing in it yet (every track has the same fields, in the same order). */
export function newTrack(key: string, events: BufferedEvent[] = [], anchors: Anchor[] = []): Track {
  return {
    events,
    anchors,
    ids: null,
    key,
    due: NaN,
    touched: 0,
    judgeFrom: -Infinity,
    open: anchors.reduce((n, a) => (a.done ? n : n + 1), 0),
    anchorsUntil: anchors.length === 0 ? -Infinity : Infinity,
    eventsUntil: events.length === 0 ? -Infinity : Infinity,
    entity: null,
    seq: 0,
    bloom: events.length === 0 && anchors.length === 0 ? 0 : -1,
  };
}

/**
 * One identifier value's tracks, one slot per rule version (TrackMap.slot): an event's value is looked up once for
 * all the rules it is a step of, and a rule's track for it is a slot, not an entry of a map of its own. Most tracks
 * live a pass or two (one event of a rule, forgotten once the watermark passes it) while their identifier stays
 * (another rule's window is still open): a new or forgotten track costs an array slot instead of a hash insertion
 * and a deletion in the rule's map. Values of different identifier fields may share an entity (the slots differ).
 */
export interface Entity {
  tracks: Array<Track | undefined>;
  /** Slots in use: the entity is idle when none is (see EntityTable). */
  live: number;
}

/**
 * Entities forgotten (every slot empty again), for the next new identifier value of any state: values come and go all
 * the time (a login opens a window, the window closes, the value's last track goes), and an entity's slot array,
 * grown to the highest slot used, is the largest thing a new value costs. Bounded; an entity in it holds no track.
 */
const spareEntities: Entity[] = [];
const MAX_SPARE_ENTITIES = 4096;

/** An entity with no track in it: a forgotten one if there is one. */
export function newEntity(): Entity {
  return spareEntities.pop() ?? { tracks: [], live: 0 };
}

/**
 * The entities of one state, shared by its rules' track maps. An entity whose last track goes stays, idle, for its
 * value's next track: values come back (a user's next login), and a value's entity forgotten and made again cost a
 * deletion and an insertion in the map each time. Idle entities are bounded: past MAX_IDLE_ENTITIES of them, all are
 * forgotten at once (sweepIdle), so the table holds at most that many more than the values with a track.
 */
export interface EntityTable {
  entities: Map<string, Entity>;
  /** Slots handed out (one per rule version seen), and the last track's place in the insertion order. */
  slots: number;
  seq: number;
  /** Entities with a track (the others in `entities` are idle). */
  live: number;
}

export const MAX_IDLE_ENTITIES = 16_384;

/** Forgets the table's idle entities (a forgotten one goes to the spares while there is room). */
function sweepIdle(table: EntityTable): void {
  for (const [key, entity] of table.entities) {
    if (entity.live !== 0) continue;
    table.entities.delete(key);
    if (spareEntities.length < MAX_SPARE_ENTITIES) spareEntities.push(entity);
  }
}

/**
 * A rule version's tracks by identifier value: a `Map` to its readers (get, has, size, iteration in insertion order,
 * set, delete), kept in the state's entity table. Iteration sorts by insertion order (serialising, rebuilding a
 * schedule, the overall bound: rare), so that a state serialises exactly as it did when each rule had its own map.
 */
export class TrackMap implements Iterable<[string, Track]> {
  private count = 0;

  constructor(
    readonly table: EntityTable,
    readonly slot: number,
  ) {}

  get size(): number {
    return this.count;
  }

  get(key: string): Track | undefined {
    const entity = this.table.entities.get(key);
    return entity === undefined ? undefined : entity.tracks[this.slot];
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Keeps the track under the key (replacing one there keeps its place in the order, as a `Map` does). */
  set(key: string, track: Track): this {
    let entity = this.table.entities.get(key);
    if (entity === undefined) this.table.entities.set(key, (entity = newEntity()));
    this.put(entity, key, track);
    return this;
  }

  /**
   * `set` when the caller holds the key's entity already (the engine, once per event and value); `seq`: the place in
   * the order the engine reserved for it earlier in the call.
   */
  put(entity: Entity, key: string, track: Track, seq?: number): void {
    const old = entity.tracks[this.slot];
    if (old !== undefined) {
      track.seq = old.seq;
      old.entity = null;
    } else {
      track.seq = seq ?? ++this.table.seq;
      if (entity.live++ === 0) this.table.live++;
      this.count++;
    }
    track.key = key;
    track.entity = entity;
    entity.tracks[this.slot] = track;
  }

  delete(key: string): boolean {
    const track = this.get(key);
    return track !== undefined && this.remove(track);
  }

  /** Forgets the track if it is the one kept under its key; whether it was. */
  remove(track: Track): boolean {
    const entity = track.entity;
    if (entity === null || entity.tracks[this.slot] !== track) return false;
    entity.tracks[this.slot] = undefined;
    track.entity = null;
    this.count--;
    if (--entity.live === 0) {
      this.table.live--;
      if (this.table.entities.size - this.table.live > MAX_IDLE_ENTITIES) sweepIdle(this.table);
    }
    return true;
  }

  /** Key and track pairs in insertion order. */
  entries(): IterableIterator<[string, Track]> {
    const list: Track[] = [];
    if (this.count > 0)
      for (const entity of this.table.entities.values()) {
        const track = entity.tracks[this.slot];
        if (track !== undefined) list.push(track);
      }
    list.sort((a, b) => a.seq - b.seq);
    return list.map((t): [string, Track] => [t.key, t])[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, Track]> {
    return this.entries();
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<Track> {
    for (const [, track] of this.entries()) yield track;
  }

  forEach(f: (track: Track, key: string) => void): void {
    for (const [key, track] of this.entries()) f(track, key);
  }
}

export interface SequenceState {
  version: typeof STATE_VERSION;
  /** Latest event time seen, epoch ms (null before the first event). */
  maxSeen: number | null;
  /** No event older than this is accepted any more; windows ending before it are decided. */
  watermark: number | null;
  /** Rule state key (`id@version`) → identifier value → track. */
  rules: Map<string, TrackMap>;
  /** Where the track maps keep their tracks (in memory only). */
  table: EntityTable;
}

/** The rule version's track map, made (empty) if the state has none yet. */
export function tracksOf(state: SequenceState, ruleKey: string): TrackMap {
  let tracks = state.rules.get(ruleKey);
  if (!tracks) state.rules.set(ruleKey, (tracks = new TrackMap(state.table, state.table.slots++)));
  return tracks;
}

export const STATE_VERSION = 1;

export function emptySequenceState(): SequenceState {
  return {
    version: STATE_VERSION,
    maxSeen: null,
    watermark: null,
    rules: new Map(),
    table: { entities: new Map(), slots: 0, seq: 0, live: 0 },
  };
}

export interface SerializedSequenceState {
  version: number;
  max_seen: number | null;
  watermark: number | null;
  rules: Array<{ rule: string; tracks: Array<{ key: string; events: BufferedEvent[]; anchors: Anchor[] }> }>;
}

export function serializeSequenceState(state: SequenceState): SerializedSequenceState {
  return {
    version: state.version,
    max_seen: state.maxSeen,
    watermark: state.watermark,
    rules: [...state.rules].map(([rule, tracks]) => ({
      rule,
      // Copies of the lists: the engine changes them in place, and reuses the lists of a track it forgot.
      tracks: [...tracks].map(([key, t]) => ({ key, events: [...t.events], anchors: [...t.anchors] })),
    })),
  };
}

/**
 * The state back from its serialised form (a state file or document: checked, never trusted). Tracks of rule
 * versions not in `ruleKeys` are dropped (a changed rule starts afresh) and counted.
 */
export function restoreSequenceState(
  input: unknown,
  ruleKeys: ReadonlySet<string>,
): { ok: true; state: SequenceState; droppedRules: number } | { ok: false; error: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, error: 'state must be an object' };
  const s = input as Partial<SerializedSequenceState>;
  if (s.version !== STATE_VERSION)
    return { ok: false, error: `state version ${String(s.version)} is not ${STATE_VERSION}` };
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  if (!Array.isArray(s.rules)) return { ok: false, error: 'state.rules must be a list' };
  const state = emptySequenceState();
  state.maxSeen = num(s.max_seen);
  state.watermark = num(s.watermark);
  let droppedRules = 0;
  for (const r of s.rules) {
    if (typeof r?.rule !== 'string' || !Array.isArray(r.tracks))
      return { ok: false, error: 'state.rules holds a malformed entry' };
    if (!ruleKeys.has(r.rule)) {
      droppedRules++;
      continue;
    }
    for (const t of r.tracks) {
      if (typeof t?.key !== 'string' || !Array.isArray(t.events) || !Array.isArray(t.anchors)) {
        return { ok: false, error: `state of ${r.rule} holds a malformed track` };
      }
    }
    // The map is made even when the rule has no tracks: the order of the rules is part of the state. A rule listed
    // twice keeps its first place and its last tracks (as `Map.set` of a new map did).
    const tracks = tracksOf(state, r.rule);
    for (const old of [...tracks.values()]) tracks.remove(old);
    for (const t of r.tracks) {
      const events = t.events.filter(isBufferedEvent);
      const anchors = t.anchors.filter(isAnchor);
      tracks.set(t.key, newTrack(t.key, events, anchors));
    }
  }
  return { ok: true, state, droppedRules };
}

/**
 * A time (epoch ms) within the Date range. One outside it is no event's: a stored window at 1e308 hung the engine
 * (a time that large does not change when a duration is added to it), so the pass never ended.
 */
export const isEventTime = (t: unknown): t is number => Number.isFinite(t) && Math.abs(t as number) <= MAX_DATE_MS;
const MAX_DATE_MS = 8.64e15;

export function isBufferedEvent(e: unknown): e is BufferedEvent {
  const x = e as BufferedEvent;
  return (
    typeof x?.id === 'string' &&
    typeof x.index === 'string' &&
    isEventTime(x.t) &&
    typeof x.action === 'string' &&
    Number.isInteger(x.mask) &&
    typeof x.second === 'boolean'
  );
}

export function isAnchor(a: unknown): a is Anchor {
  const x = a as Anchor;
  return (
    typeof x?.id === 'string' &&
    typeof x.index === 'string' &&
    isEventTime(x.t) &&
    typeof x.action === 'string' &&
    typeof x.done === 'boolean'
  );
}
