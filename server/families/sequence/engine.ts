/**
 * The sequence engine: a pure core. Normalised events and the pending state in; alerts, the new state and counts out.
 * No I/O, no clock: time is the events' own `@timestamp` and a watermark the caller may advance.
 *
 * # Semantics
 *
 * A rule has a **first** event A, a **direction**, a **match** type over its listed **events**, a **period**
 * (`before`|`after` + duration d), an optional **secondary** step C (`when` + duration d2) and a **time frame** T.
 * Each A opens one window (one alert at most per A, per rule); the rule's identifier field (`user.name`,
 * `source.ip`, `host.name`, any dotted ECS path; compared trimmed and lower-cased) must have the same value on every
 * event of a sequence. All ends below are inclusive, and every matched event is a different event than A.
 *
 * - **followed by**: the listed events are looked for *after* A. With `before d`: at A + [0, d] (within d of A).
 *   With `after d`: at A + [d, T] (not sooner than d, within the time frame). Validation keeps d ≤ T.
 * - **preceded by**: the mirror image, before A: A − [0, d] or A − [d, T].
 * - **any**: at least one listed event occurred in the window. **all**: each listed name occurred at least once.
 *   **one**: exactly one of the listed *names* occurred, however many times — distinct names, not occurrences,
 *   because sources often write one action as several documents (retries, several services logging it, Okta's
 *   per-factor events), and "one of these but not the others" is what a name list can express; with a single name it
 *   would equal `any`, so validation refuses it. **none**: no listed event occurred in the window.
 * - **secondary** (a chain A → B → C): after the match step holds at some matching event B (for `all`, any B at or
 *   after the moment the last missing name arrived), an event C named by the secondary step occurs within d2 of B
 *   (`before`) or at least d2 after B (`after`), in the rule's direction; the whole sequence lies within T of A.
 *   Not allowed with `none` (no B to chain from).
 *
 * # When an alert fires
 * `any` and `all` (with or without a chain) can only become true as events arrive, so they fire as soon as they hold.
 * `one` and `none` depend on what did *not* happen: they are decided when the window has closed, which is judged by
 * the **watermark** — the latest event time seen minus the allowed lateness, or what the caller passes (a pass's
 * window end: "nothing older will come"), whichever is later; it never moves back. A window closes when the watermark
 * is past its last instant (followed by: A + the window's end, or A + T with a chain; preceded by: A itself).
 * An event older than the watermark arrives too late: it is counted (`late`) and ignored, because windows it could
 * belong to may already have been decided; events out of order by less than the lateness are counted normally.
 * An event read twice (same `_id`/`event.id`) counts once.
 *
 * # Bounds
 * Per rule and identifier at most `maxEventsPerTrack` buffered events and `maxAnchorsPerTrack` open windows; overall
 * at most `maxOpenWindows`. Beyond them the oldest are dropped, counted per rule and reported: a flood of events for
 * one identifier (a service account, a scanner's IP) cannot exhaust memory.
 *
 * The alert id is sha1(rule id@version, identifier field and value, A's event id): the same A judged again, after a
 * restart or in a re-read window, gives the same id. The state is updated in place and returned.
 */
import { buildSequenceAlert } from './alerts';
import { DueHeap } from './due_heap';
import { ruleStateKey, type SequenceRule } from './rule';
import { RuleIndex } from './rule_index';
import { keyValuesOf, type SequenceEvent } from './sequence_event';
import {
  newEntity,
  newTrack,
  tracksOf,
  type Anchor,
  type BufferedEvent,
  type Entity,
  type SequenceState,
  type Track,
  type TrackMap,
} from './state';
import type { SequenceAlertDocument } from '../../../common/sequence_alert_document';

export interface SequenceLimits {
  maxEventsPerTrack: number;
  maxAnchorsPerTrack: number;
  maxOpenWindows: number;
}

export const DEFAULT_LIMITS: SequenceLimits = {
  maxEventsPerTrack: 512,
  maxAnchorsPerTrack: 64,
  maxOpenWindows: 500_000,
};

export interface SequenceInput {
  rules: readonly SequenceRule[];
  events: readonly SequenceEvent[];
  state: SequenceState;
  /** How far behind the latest event time an event may arrive and still count (ms). Default 0. */
  lateness?: number;
  /** The caller's promise that no event older than this will be supplied (epoch ms): closes windows without events. */
  watermark?: number;
  /** Written as the alerts' `event.created`; the core has no clock. */
  now?: number;
  limits?: Partial<SequenceLimits>;
  /** A compiled index of `rules`, when the caller runs many batches (compiling is per rule set, not per batch). */
  index?: RuleIndex;
}

export interface RuleStats {
  alerts: number;
  open: number;
  droppedWindows: number;
  droppedEvents: number;
}

export interface SequenceStats {
  events: number;
  /** Events that are a step of at least one rule. */
  matched: number;
  late: number;
  duplicates: number;
  /** Matched events without a value for a rule's identifier field (counted once per event). */
  noIdentifier: number;
  alerts: number;
  openWindows: number;
  perRule: Map<string, RuleStats>;
}

export interface SequenceOutput {
  alerts: SequenceAlertDocument[];
  state: SequenceState;
  stats: SequenceStats;
}

interface RuleRuntime {
  rule: SequenceRule;
  key: string;
  tracks: TrackMap;
  schedule: Schedule;
  stats: RuleStats;
  /** Offsets from A (ms, in the rule's direction) where the matching events are looked for. */
  lo: number;
  hi: number;
  /** How long after A (followed by) the window's last instant is; 0 for preceded by. */
  closeAfter: number;
  forward: boolean;
  full: number;
  monotone: boolean;
}

/**
 * Per rule, in memory beside the state and never serialised: when each track next needs attention and how many
 * windows are open. A call used to visit every track of every rule to close windows and forget old events; with this
 * it visits only the tracks due before the new watermark (a heap of deadlines), and the open count is kept as windows
 * open and close. It is keyed by the rule's track map, so a restored state (new maps) rebuilds it on first use; the
 * state must be changed only by the engine between calls. A track's live entry is the one whose time equals the
 * track's `due`; any other entry of it is stale and skipped.
 */
interface Schedule {
  heap: DueHeap<Track>;
  open: number;
  /**
   * Tracks this rule forgot, emptied, for its next new identifier: identifiers come and go all the time (a login
   * opens a window, the window closes, the track goes), and a track and its lists are most of what a call allocates.
   * Per rule, because the heap may still hold stale entries of a reused track: popped, such an entry at most settles
   * the track early, which changes nothing (see reschedule) as long as it is this rule's heap.
   */
  spare: Track[];
}

const MAX_SPARE_TRACKS = 1024;

const schedules = new WeakMap<TrackMap, Schedule>();

/**
 * The tracks a call gave events to, in the order they first got one, with their rules and the step (`pos`, below) at
 * which they did: kept from call to call (only the first `touched` slots count, emptied once used), as growing the
 * lists anew made a good part of a call's garbage. A track made from held-back events (Deferred) is listed apart
 * (`madeTracks`), its place being the step that first held an event back for it (its `seq`): both lists are in step
 * order, and are merged.
 */
const touchedTracks: Array<Track | null> = [];
const touchedSteps: number[] = [];
const touchedRules: RuleRuntime[] = [];
const madeTracks: Array<Track | null> = [];
const madeRules: RuleRuntime[] = [];
const NO_RULE = {} as RuleRuntime;
/** A call that touched more than this many gives the lists' room back (a dry run over days is one call). */
const MAX_KEPT_TOUCHED = 1 << 16;

/**
 * The rules' runtimes of the last call per rule list, for the state they were made for: a pass after pass over the same
 * rules and state finds them made (their stats are new each call). Checked, not trusted: the same rules in the same
 * order, and each rule's track map still the state's.
 */
const runtimeCache = new WeakMap<
  readonly SequenceRule[],
  { state: SequenceState; rules: SequenceRule[]; runtimes: RuleRuntime[] }
>();

function runtimesOf(rules: readonly SequenceRule[], state: SequenceState): RuleRuntime[] {
  const cached = runtimeCache.get(rules);
  if (cached !== undefined && cached.state === state && cached.rules.length === rules.length) {
    const { runtimes } = cached;
    let same = true;
    for (let r = 0; r < runtimes.length && same; r++) {
      const rt = runtimes[r];
      same = rt.rule === rules[r] && state.rules.get(rt.key) === rt.tracks;
    }
    if (same) {
      for (const rt of runtimes) rt.stats = { alerts: 0, open: 0, droppedWindows: 0, droppedEvents: 0 };
      return runtimes;
    }
  }
  const runtimes: RuleRuntime[] = rules.map((rule) => {
    const key = ruleStateKey(rule);
    const tracks = tracksOf(state, key);
    const lo = rule.period.when === 'before' ? 0 : rule.period.ms;
    const hi = rule.period.when === 'before' ? rule.period.ms : rule.timeFrameMs;
    const rt: RuleRuntime = {
      rule,
      key,
      tracks,
      schedule: undefined as unknown as Schedule,
      lo,
      hi,
      closeAfter: rule.direction === 'preceded_by' ? 0 : rule.secondary ? rule.timeFrameMs : hi,
      forward: rule.direction === 'followed_by',
      full: (1 << rule.events.length) - 1,
      monotone: rule.match === 'any' || rule.match === 'all',
      stats: { alerts: 0, open: 0, droppedWindows: 0, droppedEvents: 0 },
    };
    rt.schedule = scheduleOf(rt);
    return rt;
  });
  runtimeCache.set(rules, { state, rules: [...rules], runtimes });
  return runtimes;
}

/** Numbers the calls, so a track stamped with the current one is known to be listed as touched already. */
let calls = 0;

export function runSequences(input: SequenceInput): SequenceOutput {
  const limits = { ...DEFAULT_LIMITS, ...input.limits };
  const state = input.state;
  const index = input.index ?? new RuleIndex(input.rules);
  const lateness = Math.max(0, input.lateness ?? 0);
  const runtimes = runtimesOf(input.rules, state);
  const stats: SequenceStats = {
    events: 0,
    matched: 0,
    late: 0,
    duplicates: 0,
    noIdentifier: 0,
    alerts: 0,
    openWindows: 0,
    perRule: new Map(),
  };
  for (const rt of runtimes) stats.perRule.set(rt.rule.id, rt.stats);
  const alerts: SequenceAlertDocument[] = [];
  const floor = state.watermark ?? -Infinity;
  // Tracks that received events in this call, in the order they first did, with their rules (judged below for
  // monotone rules); a track's `touched` stamp says it is listed.
  const call = ++calls;
  let touched = 0;
  const found = index.found;
  const events = input.events;
  let maxSeen = state.maxSeen;
  // An identifier value's entity (its tracks of every rule), looked up once for the rules an event is a step of.
  const entities = state.table.entities;
  let lastValue: string | undefined;
  let lastEntity: Entity | undefined;
  // The watermark this call will end at, known before its events are taken (the latest event time is): an event of a
  // followed-by rule, for an identifier without a track, older than it, is forgotten at the end of the call unless
  // an anchor or a later event arrives for the same track in this call. So is an anchor (and only an anchor) of a
  // preceded-by `any`/`all` rule older than it, for an identifier without a track: with no event before it, its window
  // holds nothing; it is judged at the end of the call (when every event of the call is in), found empty, closed by
  // the watermark and forgotten, unless an event arrives for the same track in this call. Such events and anchors
  // are held back (Deferred) and become a track only if one does: most never do, and cost no track, no heap entry and
  // no settling.
  const endWatermark = watermarkAfter(events, floor, maxSeen, lateness, input.watermark);
  warmSink.n = warmEntities(events, index, entities);
  releaseDeferred();
  let lastHeldValue: string | undefined;
  let lastHeld: HeldValue | undefined;
  let made = 0;
  // Every step (an event, one of its rules, one of its identifier values) is numbered in the order taken, from the
  // state's track counter on: a track made at a step, or from events first held back at one, takes its number as
  // its place in its rule's order (its `seq`), so that tracks are ordered as they were made whatever was held back.
  let pos = state.table.seq;

  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    stats.events++;
    if (event.timestamp < floor) {
      stats.late++;
      continue;
    }
    if (maxSeen === null || event.timestamp > maxSeen) maxSeen = event.timestamp;
    const n = index.collect(event);
    if (n === 0) continue;
    stats.matched++;
    const pos0 = pos;
    let duplicate = false;
    let missing = false;
    // Most rules share an identifier field: look its values up once per field, not once per rule.
    let field: string | undefined;
    let values: readonly string[] | undefined;
    for (let j = 0; j < n; j++) {
      const rt = runtimes[found.rule[j]];
      const isFirst = found.first[j];
      const mask = found.mask[j];
      const isSecond = found.second[j];
      if (rt.rule.identifier !== field) {
        field = rt.rule.identifier;
        values = keyValuesOf(event, field);
      }
      if (!values) {
        missing = true;
        continue;
      }
      for (let v = 0; v < values.length; v++) {
        const value = values[v];
        pos++;
        let entity: Entity | undefined;
        if (value === lastValue) entity = lastEntity;
        else lastEntity = entity = entities.get((lastValue = value));
        const slot = rt.tracks.slot;
        let track = entity === undefined ? undefined : entity.tracks[slot];
        let fresh = false;
        if (track === undefined) {
          if (value !== lastHeldValue) {
            lastHeldValue = value;
            lastHeld = heldByValue.get(value);
            if (lastHeld === undefined) heldByValue.set(value, (lastHeld = newHeldValue()));
            if (lastHeld.call !== call) {
              // Kept from an earlier call (the map is not emptied between calls): nothing of it holds now.
              lastHeld.call = call;
              lastHeld.head = undefined;
              lastHeld.light = -1;
            }
          }
          const rec = lastHeld!;
          // Held back by an earlier event (or listed twice in this one's values): its sets are made now, as they were
          // when each held event made them.
          if (rec.light >= 0 && (rec.light !== i || (v > 0 && listedBefore(values, v))))
            spreadLight(rec, value, pos, events, index, runtimes, entities, endWatermark);
          let held = rec.head;
          while (held !== undefined && held.slot !== slot) held = held.next;
          if (
            event.timestamp < endWatermark &&
            (rt.forward
              ? !isFirst && (held === undefined || held.n < limits.maxEventsPerTrack)
              : rt.monotone &&
                isFirst &&
                mask === 0 &&
                !isSecond &&
                (held === undefined || held.n < limits.maxAnchorsPerTrack))
          ) {
            if (held === undefined) {
              // The value's first event held back in this call: only noted (see HeldValue), for any of its rules.
              if (rec.light === i) continue;
              if (rec.head === undefined) {
                rec.light = i;
                rec.lightPos = pos0;
                continue;
              }
              held = takeDeferred(slot, pos, rec.head);
              rec.head = held;
            } else if (heldId(held, event.id)) {
              duplicate = true;
              continue;
            }
            held.events[held.n] = event;
            held.firsts[held.n] = isFirst;
            held.masks[held.n] = mask;
            held.seconds[held.n] = isSecond;
            held.n++;
            continue;
          }
          if (entity === undefined) {
            entities.set(value, (entity = newEntity()));
            lastEntity = entity;
          }
          track = trackFor(rt, value);
          fresh = true; // holds no id yet
          if (held === undefined) rt.tracks.put(entity, value, track, pos);
          else {
            // The events held back go in first, as they would have when they came.
            rt.tracks.put(entity, value, track, held.seq);
            track.touched = call;
            madeTracks[made] = track;
            madeRules[made++] = rt;
            for (let h = 0; h < held.n; h++) {
              const e = held.events[h];
              if (track.ids !== null) track.ids.add(e.id);
              else if (track.events.length + track.anchors.length >= SMALL_TRACK) idsOf(track).add(e.id);
              // Fewer than the bounds per track, so none is dropped.
              if (held.firsts[h]) openAnchor(rt, track, e);
              else bufferEvent(track, e, held.masks[h], held.seconds[h]);
            }
            fresh = false;
          }
        }
        if (!fresh && hasId(track, event.id)) {
          duplicate = true;
          continue;
        }
        if (track.ids !== null) track.ids.add(event.id);
        else if (track.events.length + track.anchors.length >= SMALL_TRACK) idsOf(track).add(event.id);
        if (isFirst) {
          openAnchor(rt, track, event);
          // Counting the open ones only when there can be too many (a track holds few anchors, most of them open).
          if (track.open > limits.maxAnchorsPerTrack) dropOldestAnchor(track, rt);
        }
        if (mask !== 0 || isSecond) {
          bufferEvent(track, event, mask, isSecond);
          if (track.events.length > limits.maxEventsPerTrack) {
            idsOf(track); // the dropped event's id stays taken
            track.events.shift();
            rt.stats.droppedEvents++;
          }
        }
        if (track.touched !== call) {
          track.touched = call;
          touchedTracks[touched] = track;
          touchedSteps[touched] = pos;
          touchedRules[touched++] = rt;
        }
      }
    }
    if (duplicate) stats.duplicates++;
    if (missing) stats.noIdentifier++;
  }
  state.maxSeen = maxSeen;
  state.table.seq = pos;
  // Held-back events that never became a track are forgotten: the watermark passes them in this call.
  sortMade(made);

  // Monotone rules fire as soon as they hold, whatever the watermark.
  for (let a = 0, b = 0; a < touched || b < made;) {
    let track: Track;
    let rt: RuleRuntime;
    if (b < made && (a === touched || madeTracks[b]!.seq < touchedSteps[a])) {
      track = madeTracks[b]!;
      rt = madeRules[b];
      madeTracks[b] = null;
      madeRules[b++] = NO_RULE;
    } else {
      track = touchedTracks[a]!;
      rt = touchedRules[a];
      touchedTracks[a] = null;
      touchedRules[a++] = NO_RULE;
    }
    // A window holds nothing while the track buffers no event (its anchors are all it has).
    if (rt.monotone && track.events.length > 0) {
      // Only the windows that may have come to hold since they were last judged: every one if an event was buffered,
      // else those of the new anchors (the later ones: anchors are in time order, new ones mostly last).
      const { anchors, judgeFrom } = track;
      let k = anchors.length;
      if (judgeFrom === -Infinity) k = 0;
      else while (k > 0 && anchors[k - 1].t >= judgeFrom) k--;
      for (; k < anchors.length; k++) {
        const anchor = anchors[k];
        if (anchor.done) continue;
        const alert = judge(rt, track, anchor, false, input.now);
        if (alert) {
          anchor.done = true;
          rt.schedule.open--;
          track.open--;
          alerts.push(alert);
          rt.stats.alerts++;
        }
      }
    }
    track.judgeFrom = Infinity;
    reschedule(rt, track);
  }
  releaseDeferred();
  if (touched > MAX_KEPT_TOUCHED) {
    touchedTracks.length = 0;
    touchedSteps.length = 0;
    touchedRules.length = 0;
  }
  if (made > MAX_KEPT_TOUCHED) {
    madeTracks.length = 0;
    madeRules.length = 0;
  }

  // Advance the watermark, then decide the windows it closed and forget what no window can need any more.
  // Worked out before the events were taken (what holding events back relies on); the latest time seen is the same.
  const watermark = endWatermark;
  if (Number.isFinite(watermark)) state.watermark = watermark;
  for (const rt of runtimes) {
    const { heap } = rt.schedule;
    while (heap.peekDue() < watermark) {
      // The rule's tracks due are popped first, in order, and read in a pass of their own before any is settled: a
      // track popped was last touched passes ago, and reading it costs a cache miss; read one after another the misses
      // overlap, where popping and settling one at a time they came one after the other.
      let k = 0;
      while (heap.peekDue() < watermark) {
        dueTimes[k] = heap.peekDue();
        dueTracks[k++] = heap.pop()!;
      }
      touchSink.n = touchTracks(k, rt.tracks.slot);
      for (let j = 0; j < k; j++) {
        const track = dueTracks[j]!;
        dueTracks[j] = null;
        if (track.due !== dueTimes[j]) continue; // rescheduled since, or deleted
        track.due = NaN;
        settle(rt, track, watermark, alerts, input.now);
        // A settled track is due again only after the watermark (trackDue), so the rest still come first; were one
        // due before the next, the rest go back to the heap, as they were, and are popped again in order with it.
        if (j + 1 < k && heap.peekDue() < watermark && heap.peekDue() <= dueTimes[j + 1]) {
          for (let r = j + 1; r < k; r++) {
            heap.push(dueTimes[r], dueTracks[r]!, dueTracks[r]!.seq);
            dueTracks[r] = null;
          }
          break;
        }
      }
    }
    rt.stats.open = rt.schedule.open;
  }
  if (dueTracks.length > MAX_KEPT_TOUCHED) {
    dueTracks.length = 0;
    dueTimes.length = 0;
  }
  stats.openWindows = runtimes.reduce((n, rt) => n + rt.stats.open, 0);
  if (stats.openWindows > limits.maxOpenWindows)
    stats.openWindows -= dropOverall(runtimes, stats.openWindows - limits.maxOpenWindows);
  stats.alerts = alerts.length;
  return { alerts, state, stats };
}

/** What warmEntities read, kept so that the reads are not left out as unused. */
const warmSink = { n: 0 };

/**
 * Looks up the entity of every identifier value of the call's events that some rule names, one event after another,
 * before the events are taken: an event's value, its entity and the entity's slots were last read passes ago, and
 * reading them costs a chain of cache misses; looked up here, where nothing depends on what one lookup gives, the
 * misses of different events overlap, and the event loop finds them in the cache. Returns what it read, so that it
 * is not optimised away; changes nothing.
 */
function warmEntities(
  events: readonly SequenceEvent[],
  index: RuleIndex,
  entities: ReadonlyMap<string, Entity>,
): number {
  let sum = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (!index.names(event)) continue;
    const lists = event.keyValues;
    for (let f = 0; f < lists.length; f++) {
      const values = lists[f];
      if (values === undefined) continue;
      for (let v = 0; v < values.length; v++) {
        const entity = entities.get(values[v]);
        if (entity !== undefined) sum += entity.tracks.length;
      }
    }
  }
  return sum;
}

/** The tracks a rule's heap gave up in one go, with their due times (scratch, kept from call to call). */
const dueTracks: Array<Track | null> = [];
const dueTimes: number[] = [];
/** What touchTracks read, kept so that the reads are not left out as unused. */
const touchSink = { n: 0 };

/**
 * Reads what settling the popped tracks reads first (the track, its lists, its entity), the tracks one after another:
 * nothing depends on what one read gives, so the cache misses overlap. Returns what it read, so that it is not
 * optimised away.
 */
function touchTracks(k: number, slot: number): number {
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const track = dueTracks[j]!;
    const entity = track.entity;
    const { anchors, events } = track;
    // The lists' and the entity's slots (their elements: forgetting the track empties the lists and its slot).
    if (anchors.length > 0 && anchors[0] !== undefined) sum++;
    if (events.length > 0 && events[0] !== undefined) sum++;
    if (entity !== null && entity.tracks[slot] === track) sum += entity.live;
  }
  return sum;
}

/**
 * Events of a followed-by rule, or anchors of a preceded-by any/all rule, held back for an identifier that has no
 * track (see runSequences): the track's place in its rule's order, the events with their roles in arrival order, and
 * the next rule's set of the same value.
 */
interface Deferred {
  /** How many events are held (the lists keep their room from call to call: only the first n slots count). */
  n: number;
  slot: number;
  seq: number;
  events: SequenceEvent[];
  /** Whether the event is held as the rule's first event (an anchor; else as one of its events). */
  firsts: boolean[];
  masks: number[];
  seconds: boolean[];
  /** The identifier value's next held-back set (another rule's). */
  next: Deferred | undefined;
}

/**
 * What an identifier value without a track holds back in the call. Nearly always one event, and nearly always for
 * nothing (the watermark passes it at the end of the call): so the value's first event held back is only noted
 * (`light`: its place in the call's events; `lightPos`: the step before its first), whatever rules it is held for.
 * Its sets (Deferred, one per rule, in `head`) are made from it only when they are needed: when another event of the
 * value comes in the call, or the value is listed twice in the event (spreadLight). Kept from call to call, by value.
 */
interface HeldValue {
  call: number;
  light: number;
  lightPos: number;
  head: Deferred | undefined;
}

const newHeldValue = (): HeldValue => ({ call: 0, light: -1, lightPos: 0, head: undefined });

/**
 * The held-back sets by identifier value, and the sets' objects, reused from call to call: a set lives for one call
 * only.
 */
const heldByValue = new Map<string, HeldValue>();
const deferredPool: Deferred[] = [];
const MAX_SPARE_DEFERRED = 4096;
const MAX_DEFERRED_VALUES = 16_384;
let deferredUsed = 0;

/** What a held-back slot holds once released (no event of a past call is kept alive). */
/** Opens a window on the track: the rule's first event as an anchor, in time order, counted open. */
function openAnchor(rt: RuleRuntime, track: Track, e: SequenceEvent): void {
  if (e.timestamp < track.judgeFrom) track.judgeFrom = e.timestamp;
  track.open++;
  track.bloom |= idBits(e.id);
  const anchor: Anchor = { id: e.id, index: e.index, t: e.timestamp, action: e.action, done: false };
  // Later than every anchor (the common case): it goes last, without reading the last one (a cache miss or two).
  if (e.timestamp > track.anchorsUntil) {
    track.anchorsUntil = e.timestamp;
    track.anchors.push(anchor);
  } else insertSorted(track.anchors, anchor);
  rt.schedule.open++;
}

/** Buffers a matching (or secondary) event: any open window may now hold, so all are judged again. */
function bufferEvent(track: Track, e: SequenceEvent, mask: number, second: boolean): void {
  track.judgeFrom = -Infinity;
  track.bloom |= idBits(e.id);
  const event: BufferedEvent = { id: e.id, index: e.index, t: e.timestamp, action: e.action, mask, second };
  // As openAnchor: later than every buffered event, it goes last without reading the last one.
  if (e.timestamp > track.eventsUntil) {
    track.eventsUntil = e.timestamp;
    track.events.push(event);
  } else insertSorted(track.events, event);
}

const NO_EVENT = {} as SequenceEvent;

function heldId(d: Deferred, id: string): boolean {
  for (let k = 0; k < d.n; k++) if (d.events[k].id === id) return true;
  return false;
}

function takeDeferred(slot: number, seq: number, next: Deferred | undefined): Deferred {
  let d = deferredPool[deferredUsed];
  if (d === undefined)
    deferredPool.push(
      (d = {
        n: 0,
        slot: 0,
        seq: 0,
        events: [],
        firsts: [],
        masks: [],
        seconds: [],
        next: undefined,
      }),
    );
  deferredUsed++;
  d.slot = slot;
  d.seq = seq;
  d.next = next;
  return d;
}

/** Forgets the call's held-back sets (and the events they refer to); the objects stay for the next call. */
function releaseDeferred(): void {
  for (let i = 0; i < deferredUsed; i++) {
    const d = deferredPool[i];
    for (let k = 0; k < d.n; k++) d.events[k] = NO_EVENT;
    d.n = 0;
    d.next = undefined;
  }
  deferredUsed = 0;
  if (deferredPool.length > MAX_SPARE_DEFERRED) deferredPool.length = MAX_SPARE_DEFERRED;
  // Kept from call to call (emptying it made it grow its table anew each call): its entries are told stale by their
  // call; emptied once it holds many (they keep identifier values alive).
  if (heldByValue.size > MAX_DEFERRED_VALUES) heldByValue.clear();
}

/** Whether values[v] is also listed earlier in the values (a list written by hand may repeat one). */
function listedBefore(values: readonly string[], v: number): boolean {
  for (let k = 0; k < v; k++) if (values[k] === values[v]) return true;
  return false;
}

/** The roles of the event `spreadLight` goes through (not the index's own: the call's event loop is using those). */
const lightFound: RuleIndex['found'] = { rule: [], first: [], mask: [], second: [] };

/**
 * Makes the held-back sets of the value's noted event (`rec.light`), for its steps before `beforePos`: those it was
 * held back at, as the event loop would have made them. Such a step had no track then, and has none now (a track is
 * made only in the event loop, which first comes here); the noted event holds nothing twice for one rule (a value
 * listed twice comes here before its second step).
 */
function spreadLight(
  rec: HeldValue,
  value: string,
  beforePos: number,
  events: readonly SequenceEvent[],
  index: RuleIndex,
  runtimes: readonly RuleRuntime[],
  entities: ReadonlyMap<string, Entity>,
  endWatermark: number,
): void {
  const e = events[rec.light];
  rec.light = -1;
  const n = index.collect(e, lightFound);
  const entity = entities.get(value);
  let pos = rec.lightPos;
  let field: string | undefined;
  let values: readonly string[] | undefined;
  for (let j = 0; j < n; j++) {
    const rt = runtimes[lightFound.rule[j]];
    if (rt.rule.identifier !== field) {
      field = rt.rule.identifier;
      values = keyValuesOf(e, field);
    }
    if (!values) continue;
    for (let v = 0; v < values.length; v++) {
      if (++pos >= beforePos) return;
      if (values[v] !== value) continue;
      const slot = rt.tracks.slot;
      if (entity !== undefined && entity.tracks[slot] !== undefined) continue;
      const isFirst = lightFound.first[j];
      const mask = lightFound.mask[j];
      const isSecond = lightFound.second[j];
      if (!(e.timestamp < endWatermark && (rt.forward ? !isFirst : rt.monotone && isFirst && mask === 0 && !isSecond)))
        continue;
      const held = (rec.head = takeDeferred(slot, pos, rec.head));
      held.events[0] = e;
      held.firsts[0] = isFirst;
      held.masks[0] = mask;
      held.seconds[0] = isSecond;
      held.n = 1;
    }
  }
}

/** The tracks made from held-back sets, in the order of the steps that first held an event back for them. */
function sortMade(made: number): void {
  for (let b = 1; b < made; b++) {
    const track = madeTracks[b]!;
    const rt = madeRules[b];
    let k = b;
    for (; k > 0 && madeTracks[k - 1]!.seq > track.seq; k--) {
      madeTracks[k] = madeTracks[k - 1];
      madeRules[k] = madeRules[k - 1];
    }
    madeTracks[k] = track;
    madeRules[k] = rt;
  }
}

/**
 * The watermark a call ends at, from the events it is given: the latest event time not already late, less the
 * lateness, or the caller's promise, or the previous watermark, whichever is latest (it never moves back).
 */
function watermarkAfter(
  events: readonly SequenceEvent[],
  floor: number,
  maxSeen: number | null,
  lateness: number,
  promised: number | undefined,
): number {
  for (let i = 0; i < events.length; i++) {
    const t = events[i].timestamp;
    if (t < floor) continue;
    if (maxSeen === null || t > maxSeen) maxSeen = t;
  }
  let watermark = floor;
  if (maxSeen !== null && maxSeen - lateness > watermark) watermark = maxSeen - lateness;
  if (promised !== undefined && promised > watermark) watermark = promised;
  return watermark;
}

/** The rule's schedule, built from its tracks the first time this state is seen (a new or restored state). */
function scheduleOf(rt: RuleRuntime): Schedule {
  let schedule = schedules.get(rt.tracks);
  if (schedule) return schedule;
  schedule = { heap: new DueHeap(), open: 0, spare: [] };
  schedules.set(rt.tracks, schedule);
  rt.schedule = schedule;
  rt.tracks.forEach((track, identifier) => {
    // Whatever a track carried from another schedule (or lacked, if built by hand) is not this one's.
    track.key = identifier;
    track.due = NaN;
    track.touched = 0;
    track.judgeFrom = -Infinity; // not judged by this engine yet
    track.open = openCount(track);
    track.anchorsUntil = track.anchors.length === 0 ? -Infinity : Infinity;
    track.eventsUntil = track.events.length === 0 ? -Infinity : Infinity;
    track.bloom = track.events.length === 0 && track.anchors.length === 0 ? 0 : -1;
    schedule.open += track.open;
    reschedule(rt, track);
  });
  return schedule;
}

/**
 * The watermark past which the track changes: its earliest open window closes, its oldest done anchor or buffered
 * event is forgotten (see prune). -Infinity for an empty track (deleted at the next settle).
 */
export function trackDue(
  rule: Pick<SequenceRule, 'direction' | 'timeFrameMs'>,
  closeAfter: number,
  track: Track,
): number {
  const { anchors, events } = track;
  if (anchors.length === 0 && events.length === 0) return -Infinity;
  let due = Infinity;
  let firstOpen = Infinity;
  let doneSeen = false;
  // The track's open count says when there is no done (or no open) anchor to look for: the first anchor then does.
  const noDone = track.open === anchors.length;
  const noOpen = track.open === 0;
  for (const a of anchors) {
    if (a.done) {
      if (!doneSeen && a.t < due) due = a.t;
      doneSeen = true;
    } else if (firstOpen === Infinity) {
      firstOpen = a.t;
      if (a.t + closeAfter < due) due = a.t + closeAfter;
    }
    if ((doneSeen || noDone) && (firstOpen !== Infinity || noOpen)) break;
  }
  if (events.length) {
    const t = events[0].t;
    if (rule.direction === 'preceded_by') due = Math.min(due, t + rule.timeFrameMs);
    // followed by keeps events from its earliest open window on: they go once that window has closed.
    else if (t < firstOpen) due = Math.min(due, t);
  }
  return due;
}

function reschedule(rt: RuleRuntime, track: Track): void {
  const due = trackDue(rt.rule, rt.closeAfter, track);
  if (due === Infinity) return;
  // A later live entry is fine: settling early changes nothing, and it reschedules. (NaN: no live entry.)
  if (track.due <= due) return;
  track.due = due;
  // Ties in the order the rule's tracks were made (its identifiers' first events): the windows of a call that close
  // at the same instant are decided, and their alerts emitted, in that order whatever else the heap holds.
  rt.schedule.heap.push(due, track, track.seq);
}

/** Close the track's windows that ended before the watermark, forget what they no longer need, reschedule. */
function settle(
  rt: RuleRuntime,
  track: Track,
  watermark: number,
  alerts: SequenceAlertDocument[],
  now: number | undefined,
): void {
  const { anchors, events } = track;
  // Most tracks settle whole: every window closed and every event older than what prune keeps with no window open;
  // then everything goes, as prune would drop it. When no window of it is to be judged as it closes (a monotone rule,
  // no window open, or `one` with no event buffered) that is known without reading the anchors and events.
  const keepEvents = rt.forward ? watermark : watermark - rt.rule.timeFrameMs;
  if (
    (rt.monotone || track.open === 0 || (rt.rule.match === 'one' && track.eventsUntil === -Infinity)) &&
    track.anchorsUntil + rt.closeAfter < watermark &&
    track.eventsUntil < keepEvents
  ) {
    rt.schedule.open -= track.open;
    forgetAll(track);
  } else settleEach(rt, track, watermark, keepEvents, alerts, now);
  if (anchors.length === 0 && events.length === 0) {
    if (rt.tracks.remove(track)) {
      if (rt.schedule.spare.length < MAX_SPARE_TRACKS) {
        track.ids = null;
        rt.schedule.spare.push(track);
      }
    }
  } else reschedule(rt, track);
}

/** Empties the track (its windows closed, or counted closed by the caller). */
function forgetAll(track: Track): void {
  const { anchors, events } = track;
  while (anchors.length > 0) anchors.pop();
  while (events.length > 0) events.pop();
  track.open = 0;
  track.anchorsUntil = -Infinity;
  track.eventsUntil = -Infinity;
  track.bloom = 0;
}

/** settle, window by window: closes (and judges) those that ended before the watermark, then forgets what it can. */
function settleEach(
  rt: RuleRuntime,
  track: Track,
  watermark: number,
  keepEvents: number,
  alerts: SequenceAlertDocument[],
  now: number | undefined,
): void {
  // Anchors are in time order, so deadlines are too: stop at the first window still open.
  const { anchors, events } = track;
  let allClosed = true;
  for (let i = 0; i < anchors.length; i++) {
    const anchor = anchors[i];
    if (anchor.t + rt.closeAfter >= watermark) {
      allClosed = false;
      break;
    }
    if (anchor.done) continue;
    anchor.done = true;
    rt.schedule.open--;
    track.open--;
    if (rt.monotone) continue; // expired without the events it waited for
    const alert = judge(rt, track, anchor, true, now);
    if (alert) {
      alerts.push(alert);
      rt.stats.alerts++;
    }
  }
  // Every window closed (so every anchor is done and older than the watermark) and every event older than what prune
  // keeps with no window open: everything goes, as prune would drop it.
  if (allClosed && (events.length === 0 || events[events.length - 1].t < keepEvents)) forgetAll(track);
  else prune(rt, track, watermark);
}

/** A new, empty track for the identifier: a spare one of the rule's if it has one. */
function trackFor(rt: RuleRuntime, identifier: string): Track {
  const track = rt.schedule.spare.pop();
  if (!track) return newTrack(identifier);
  track.key = identifier;
  // Emptied when it was forgotten (forgetAll, or prune: see there).
  track.open = 0;
  track.anchorsUntil = -Infinity;
  track.eventsUntil = -Infinity;
  track.judgeFrom = Infinity; // nothing in it to judge
  track.bloom = 0;
  return track;
}

/**
 * Whether A's window holds the rule's sequence; the alert if so. `closed`: the window is over (needed by one/none).
 */
function judge(
  rt: RuleRuntime,
  track: Track,
  anchor: Anchor,
  closed: boolean,
  now: number | undefined,
): SequenceAlertDocument | undefined {
  const { rule, forward } = rt;
  const list = track.events;
  // The window's events by binary search (the list is in time order), visited nearest to A first.
  const from = forward ? anchor.t + rt.lo : anchor.t - rt.hi;
  const to = forward ? anchor.t + rt.hi : anchor.t - rt.lo;
  const start = firstAfter(list, from, false);
  const end = firstAfter(list, to, true);
  const step = forward ? 1 : -1;
  const first = forward ? start : end - 1;
  const count = end - start;
  // First look, without allocating: most windows judged do not hold.
  let seen = 0;
  for (let j = 0, k = first; j < count; j++, k += step) {
    const e = list[k];
    if (e.id !== anchor.id) seen |= e.mask;
  }
  let holds: boolean;
  if (rule.match === 'any') holds = seen !== 0;
  else if (rule.match === 'all') holds = seen === rt.full;
  else if (rule.match === 'one') holds = closed && popcount(seen) === 1;
  else holds = closed && seen === 0;
  if (!holds) return undefined;

  // Matching events in the window, in the order of their distance from A; and (for a chain) the offset from A at
  // which the match step first holds: the nearest matching event (any), or the first of the last name to arrive (all).
  const inWindow: BufferedEvent[] = [];
  let firstSeen = 0;
  let completeAt = rule.match === 'all' ? -Infinity : Infinity;
  for (let j = 0, k = first; j < count; j++, k += step) {
    const e = list[k];
    if (e.mask === 0 || e.id === anchor.id) continue;
    inWindow.push(e);
    const fresh = e.mask & ~firstSeen;
    if (fresh !== 0) {
      firstSeen |= fresh;
      const at = forward ? e.t - anchor.t : anchor.t - e.t;
      completeAt = rule.match === 'all' ? Math.max(completeAt, at) : Math.min(completeAt, at);
    }
  }

  let chain: { b: BufferedEvent; c: BufferedEvent } | undefined;
  if (rule.secondary) {
    const d2 = rule.secondary.ms;
    const before = rule.secondary.when === 'before';
    search: for (const b of inWindow) {
      const ob = forward ? b.t - anchor.t : anchor.t - b.t;
      if (ob < completeAt) continue;
      // C's offset from A: within d2 after B's (before d2) or at least d2 after it (after d2), and within T.
      const cFrom = before ? ob : ob + d2;
      const cTo = before ? Math.min(ob + d2, rule.timeFrameMs) : rule.timeFrameMs;
      if (cFrom > cTo) continue;
      const lo = firstAfter(list, forward ? anchor.t + cFrom : anchor.t - cTo, false);
      const hi = firstAfter(list, forward ? anchor.t + cTo : anchor.t - cFrom, true);
      for (let j = 0, k = forward ? lo : hi - 1; j < hi - lo; j++, k += step) {
        const c = list[k];
        if (!c.second || c.id === b.id || c.id === anchor.id) continue;
        chain = { b, c };
        break search;
      }
    }
    if (!chain) return undefined;
  }
  return buildSequenceAlert({ rule, anchor, identifier: track.key, matches: inWindow, chain, seenMask: seen, now });
}

/** Index of the first event at or after time t (`strictly`: after t); the list is in time order. */
function firstAfter(list: readonly BufferedEvent[], t: number, strictly: boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].t < t || (strictly && list[mid].t === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Anchors a prune drops (reused scratch: a prune allocates nothing; slots past the count are stale). */
const droppedAnchors: Anchor[] = [];

/** Forget what no open or future window can use; done anchors are kept until the watermark passes them (dedup). */
function prune(rt: RuleRuntime, track: Track, watermark: number): void {
  const { rule } = rt;
  const { events, anchors } = track;
  let keepFrom: number;
  if (rule.direction === 'preceded_by') keepFrom = watermark - rule.timeFrameMs;
  else {
    keepFrom = watermark;
    for (let i = 0; i < anchors.length; i++) {
      const a = anchors[i];
      if (!a.done && a.t < keepFrom) keepFrom = a.t;
    }
  }
  // Both lists are in time order: nothing to forget unless their oldest entry is (the common case costs no copy).
  const staleEvent = events.length > 0 && events[0].t < keepFrom;
  let staleAnchor = false;
  if (anchors.length > 0 && anchors[0].t < watermark)
    for (let i = 0; i < anchors.length && !staleAnchor; i++) staleAnchor = anchors[i].done && anchors[i].t < watermark;
  if (!staleEvent && !staleAnchor) return;
  // Both lists are kept in place (in order). The ids of what goes are forgotten too, unless the other list keeps the
  // event (an id may be both an event and an anchor); a track left empty is about to be forgotten whole (settle).
  let dropped = 0;
  if (staleAnchor) {
    let kept = 0;
    for (let i = 0; i < anchors.length; i++) {
      const a = anchors[i];
      if (!a.done || a.t >= watermark) anchors[kept++] = a;
      else droppedAnchors[dropped++] = a;
    }
    while (anchors.length > kept) anchors.pop();
    if (kept === 0) track.anchorsUntil = -Infinity;
  }
  if (staleEvent) {
    let kept = 0;
    let forget = anchors.length > 0;
    for (let i = events.length - 1; i >= 0 && !forget; i--) forget = events[i].t >= keepFrom;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e.t >= keepFrom) events[kept++] = e;
      else if (forget && track.ids !== null && !holdsId(anchors, e.id)) track.ids.delete(e.id);
    }
    while (events.length > kept) events.pop();
    if (kept === 0) track.eventsUntil = -Infinity;
  }
  const ids = track.ids;
  if (ids === null) {
    // The lists are the ids. The filter keeps the bits of what went: once it is dense (a track that lives for weeks
    // would have every bit set, and tell nothing), it is made again from what is left.
    if (bitCount(track.bloom) >= BLOOM_REBUILD_BITS) track.bloom = bloomOf(track);
    return;
  }
  if (events.length > 0)
    for (let i = 0; i < dropped; i++) {
      const id = droppedAnchors[i].id;
      if (!holdsId(events, id)) ids.delete(id);
    }
  else if (anchors.length > 0) for (let i = 0; i < dropped; i++) ids.delete(droppedAnchors[i].id);
}

/** Up to this many events and anchors, a track's ids are looked up in its lists rather than kept in a set. */
const SMALL_TRACK = 16;

function hasId(track: Track, id: string): boolean {
  if (track.ids !== null) return track.ids.has(id);
  const bits = idBits(id);
  if ((track.bloom & bits) !== bits) return false;
  return holdsId(track.events, id) || holdsId(track.anchors, id);
}

/** Bits set in a small track's id filter past which prune makes it again from the lists. */
const BLOOM_REBUILD_BITS = 12;

/** Bits set in a 32-bit word (SWAR). */
function bitCount(n: number): number {
  n = n - ((n >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** The id filter of the track's lists as they are. */
function bloomOf(track: Track): number {
  let bloom = 0;
  for (let i = 0; i < track.events.length; i++) bloom |= idBits(track.events[i].id);
  for (let i = 0; i < track.anchors.length; i++) bloom |= idBits(track.anchors[i].id);
  return bloom;
}

/**
 * The id's two bits in a track's Bloom filter (Track.bloom), from an FNV-1a hash of its characters: reading the id
 * costs nothing (it is the event in hand), reading a small track's entries and their ids to compare costs a cache
 * miss each, and most ids are new.
 */
function idBits(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (1 << (h & 31)) | (1 << ((h >>> 5) & 31));
}

/** The track's id set, made from its lists if it had none: before the lists grow large or lose an id to a bound. */
function idsOf(track: Track): Set<string> {
  if (track.ids === null) {
    const ids = new Set<string>();
    for (const e of track.events) ids.add(e.id);
    for (const a of track.anchors) ids.add(a.id);
    track.ids = ids;
  }
  return track.ids;
}

function holdsId(list: ReadonlyArray<{ id: string }>, id: string): boolean {
  for (let i = 0; i < list.length; i++) if (list[i].id === id) return true;
  return false;
}

/** Inserts in (time, id) order, from the end: for an item not known to be later than the whole list (see openAnchor). */
function insertSorted<T extends { t: number; id: string }>(list: T[], item: T): void {
  let i = list.length;
  list.push(item);
  while (i > 0 && (list[i - 1].t > item.t || (list[i - 1].t === item.t && list[i - 1].id > item.id))) {
    list[i] = list[i - 1];
    i--;
  }
  list[i] = item;
}

function openCount(track: Track): number {
  let n = 0;
  for (const a of track.anchors) if (!a.done) n++;
  return n;
}

function dropOldestAnchor(track: Track, rt: RuleRuntime): void {
  const i = track.anchors.findIndex((a) => !a.done);
  if (i < 0) return;
  idsOf(track); // the dropped anchor's id stays taken
  track.anchors.splice(i, 1);
  rt.schedule.open--;
  track.open--;
  rt.stats.droppedWindows++;
}

/** Over the overall cap: drop the oldest open windows across all rules. Rare, so a sort is fine. */
function dropOverall(runtimes: RuleRuntime[], excess: number): number {
  const all: Array<{ rt: RuleRuntime; track: Track; anchor: Anchor }> = [];
  for (const rt of runtimes)
    for (const track of rt.tracks.values())
      for (const anchor of track.anchors) if (!anchor.done) all.push({ rt, track, anchor });
  all.sort((a, b) => a.anchor.t - b.anchor.t);
  for (const { rt, track, anchor } of all.slice(0, excess)) {
    idsOf(track); // the dropped anchor's id stays taken
    track.anchors.splice(track.anchors.indexOf(anchor), 1);
    rt.stats.droppedWindows++;
    rt.stats.open--;
    rt.schedule.open--;
    track.open--;
    reschedule(rt, track);
  }
  return excess;
}

function popcount(n: number): number {
  let c = 0;
  while (n) {
    n &= n - 1;
    c++;
  }
  return c;
}
