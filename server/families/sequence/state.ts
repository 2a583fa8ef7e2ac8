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
}

/** A track with nothing in it yet (every track has the same fields, in the same order). */
export function newTrack(key: string, events: BufferedEvent[] = [], anchors: Anchor[] = []): Track {
  return { events, anchors, ids: null, key, due: NaN, touched: 0 };
}

export interface SequenceState {
  version: typeof STATE_VERSION;
  /** Latest event time seen, epoch ms (null before the first event). */
  maxSeen: number | null;
  /** No event older than this is accepted any more; windows ending before it are decided. */
  watermark: number | null;
  /** Rule state key (`id@version`) → identifier value → track. */
  rules: Map<string, Map<string, Track>>;
}

export const STATE_VERSION = 1;

export function emptySequenceState(): SequenceState {
  return { version: STATE_VERSION, maxSeen: null, watermark: null, rules: new Map() };
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
    const tracks = new Map<string, Track>();
    for (const t of r.tracks) {
      if (typeof t?.key !== 'string' || !Array.isArray(t.events) || !Array.isArray(t.anchors)) {
        return { ok: false, error: `state of ${r.rule} holds a malformed track` };
      }
      const events = t.events.filter(isBufferedEvent);
      const anchors = t.anchors.filter(isAnchor);
      tracks.set(t.key, newTrack(t.key, events, anchors));
    }
    state.rules.set(r.rule, tracks);
  }
  return { ok: true, state, droppedRules };
}

function isBufferedEvent(e: unknown): e is BufferedEvent {
  const x = e as BufferedEvent;
  return (
    typeof x?.id === 'string' &&
    typeof x.index === 'string' &&
    Number.isFinite(x.t) &&
    typeof x.action === 'string' &&
    Number.isInteger(x.mask) &&
    typeof x.second === 'boolean'
  );
}

function isAnchor(a: unknown): a is Anchor {
  const x = a as Anchor;
  return (
    typeof x?.id === 'string' &&
    typeof x.index === 'string' &&
    Number.isFinite(x.t) &&
    typeof x.action === 'string' &&
    typeof x.done === 'boolean'
  );
}
