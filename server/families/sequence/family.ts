/**
 * The sequence family (issue 15): any ECS events whose `event.action` a rule names, keyed by each rule's identifier
 * (reader.ts explains the entity key `<field>\u0000<value>`), judged by the pure engine (engine.ts) against the
 * space's rules — the built-in pack unless disabled, plus the rules saved through the API (rules_store.ts), read at
 * the start of every pass so an edit applies from the next run.
 *
 * State: per entity, the engine's buffered events and open windows (entity_state.ts) in
 * `buffalogs-sequence-state-<space>`, bounded by the engine's limits (what is dropped is counted in the pass stats).
 * The pass's window end is the watermark: every event up to it has been read, so a `none` window that ends before it
 * is decided there, and an entity whose window is due is listed even without new events (its state's `due`).
 */
import { schema } from '@kbn/config-schema';
import type { FamilyAlertDocument } from '../../../common/alert_document';
import { keyedStateStore, type KeyedStates } from '../../runner/keyed_state_store';
import { familyStateIndex } from '../../storage';
import type { Query } from '../../ingest';
import type { DetectionFamily, DetectOutput, Window } from '../family';
import { DEFAULT_LIMITS, runSequences, type SequenceLimits } from './engine';
import { actionsForName } from './event_names';
import { dueOf, joinStates, mergeEntityStates, readEntityState, splitState, type EntityState } from './entity_state';
import { parseDuration } from './duration';
import { SEQUENCE_EXAMPLES, EXAMPLE_RULES } from './examples';
import { entityKey, sequenceReader } from './reader';
import type { SequenceRule } from './rule';
import { RuleIndex } from './rule_index';
import { effectiveRules, readRules } from './rules_store';
import { identifierFields, normalizeSequenceEvent, type SequenceEvent } from './sequence_event';
import { emptySequenceState } from './state';

export const SEQUENCE_FAMILY_ID = 'sequence';

export interface SequenceFamilySettings {
  /** Source index patterns: any ECS events. */
  indices: string[];
  /** The built-in pack runs unless this is false (a space may still disable single built-in rules). */
  builtinRules: boolean;
  /** How long after its time an event is still read (the family task's window lag), ms. */
  latenessMs: number;
  limits: SequenceLimits;
  /** Rules to run instead of the space's stored ones (the CLI, tests, the dry run). */
  rules?: readonly SequenceRule[];
}

const duration = (defaultValue: string) =>
  schema.string({
    defaultValue,
    validate: (v) => {
      const parsed = parseDuration(v);
      return parsed.ok ? undefined : parsed.problem;
    },
  });

/** `buffalogs.sequence` in kibana.yml. */
export const sequenceConfigSchema = schema.object({
  enabled: schema.boolean({ defaultValue: true }),
  indices: schema.arrayOf(schema.string({ minLength: 1 }), { minSize: 1, maxSize: 100, defaultValue: ['logs-*'] }),
  builtin_rules: schema.object({ enabled: schema.boolean({ defaultValue: true }) }),
  /** The family task's lag: events arriving later than this after their time are not read. */
  lateness: duration('5m'),
  max_windows_per_identifier: schema.number({ min: 1, max: 10_000, defaultValue: DEFAULT_LIMITS.maxAnchorsPerTrack }),
  max_events_per_identifier: schema.number({ min: 1, max: 100_000, defaultValue: DEFAULT_LIMITS.maxEventsPerTrack }),
  max_open_windows: schema.number({ min: 1, max: 10_000_000, defaultValue: DEFAULT_LIMITS.maxOpenWindows }),
});
type SequenceConfig = ReturnType<typeof sequenceConfigSchema.validate>;

export function sequenceSettingsFrom(section: unknown): SequenceFamilySettings | undefined {
  const config: SequenceConfig = sequenceConfigSchema.validate(section ?? {});
  if (!config.enabled) return undefined;
  const lateness = parseDuration(config.lateness);
  return {
    indices: config.indices,
    builtinRules: config.builtin_rules.enabled,
    latenessMs: lateness.ok ? lateness.ms : 5 * 60_000,
    limits: {
      maxAnchorsPerTrack: config.max_windows_per_identifier,
      maxEventsPerTrack: config.max_events_per_identifier,
      maxOpenWindows: config.max_open_windows,
    },
  };
}

/**
 * The events any enabled rule can match: `event.action` equal (case-insensitively) to a name or an alias, written
 * with spaces, `_` or `-` (the core then folds each hit exactly: event_names.ts). Bounded: at most 200 rules of at
 * most 22 names each.
 */
export function sequenceQuery(rules: readonly SequenceRule[], window: Window): Query {
  const values = new Set<string>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const names = [rule.first, ...rule.events, ...(rule.secondary ? [rule.secondary.event] : [])];
    for (const m of names)
      for (const folded of actionsForName(m.name))
        for (const sep of [' ', '_', '-']) values.add(folded.split(' ').join(sep));
  }
  return {
    bool: {
      filter: [
        { range: { '@timestamp': { gt: window.from, lte: window.to, format: 'epoch_millis' } } },
        {
          bool: {
            should: [...values].sort().map((v) => ({ term: { 'event.action': { value: v, case_insensitive: true } } })),
            minimum_should_match: 1,
          },
        },
      ],
    },
  };
}

/** The core for one batch: join the entities' states, run the engine to the watermark, cut the states apart. */
export function judgeSequences(
  events: readonly SequenceEvent[],
  states: ReadonlyMap<string, EntityState>,
  rules: readonly SequenceRule[],
  options: { watermark: number; now: number; limits: SequenceLimits; index?: RuleIndex },
): DetectOutput<EntityState> & { alerts: FamilyAlertDocument[] } {
  const { state, invalid } = joinStates(states, rules, options.now);
  const output = runSequences({
    rules,
    events: sortEvents([...events]),
    state,
    watermark: options.watermark,
    now: options.now,
    limits: options.limits,
    ...(options.index ? { index: options.index } : {}),
  });
  const entities = new Set(states.keys());
  for (const e of events)
    e.keyFields.forEach((field, f) => {
      for (const v of e.keyValues[f] ?? []) entities.add(entityKey(field, v));
    });
  let droppedWindows = 0;
  let droppedEvents = 0;
  for (const r of output.stats.perRule.values()) {
    droppedWindows += r.droppedWindows;
    droppedEvents += r.droppedEvents;
  }
  return {
    alerts: output.alerts as unknown as FamilyAlertDocument[],
    states: splitState(output.state, entities, rules),
    stats: {
      entities: entities.size,
      matched: output.stats.matched,
      late: output.stats.late,
      duplicates: output.stats.duplicates,
      openWindows: output.stats.openWindows,
      droppedWindows,
      droppedEvents,
      invalidStates: invalid.length,
    },
  };
}

function rulesFor(settings: SequenceFamilySettings): SequenceRule[] {
  return [...(settings.rules ?? effectiveRules({ rules: [], builtinDisabled: [] }, settings.builtinRules).rules)];
}

export const sequenceFamily: DetectionFamily<
  SequenceFamilySettings,
  SequenceEvent,
  EntityState,
  KeyedStates<EntityState>
> = {
  id: SEQUENCE_FAMILY_ID,
  title: 'Sequence rules',
  entityName: 'identifier',
  eventName: ['event', 'events'],
  taskType: 'buffalogs:sequence',
  checkpointId: (partition, partitions) => `${SEQUENCE_FAMILY_ID}:${partition}-of-${partitions}`,
  configSchema: sequenceConfigSchema,
  settingsFrom: (section) => sequenceSettingsFrom(section),
  async open({ client, space, settings, retry, logger, signal }) {
    let rules: SequenceRule[];
    if (settings.rules) rules = [...settings.rules];
    else {
      // Read per pass, so a rule saved through the API applies from the next run on.
      const effective = effectiveRules(await readRules(client, space, signal), settings.builtinRules);
      if (effective.errors.length)
        logger.warn(`sequence rules of space "${space}" refused (not run): ${effective.errors.slice(0, 3).join('; ')}`);
      rules = effective.rules;
    }
    const enabled = rules.filter((r) => r.enabled);
    if (enabled.length === 0) return undefined;
    const index = new RuleIndex(enabled);
    const stateIndex = familyStateIndex(SEQUENCE_FAMILY_ID, space);
    let windowEnd = -Infinity;
    return {
      indices: settings.indices,
      query: (window) => {
        windowEnd = window.to;
        return sequenceQuery(enabled, window);
      },
      reader: sequenceReader({ client, stateIndex, fields: identifierFields(enabled), windowEnd: () => windowEnd }),
      states: keyedStateStore<EntityState>(client, stateIndex, {
        family: SEQUENCE_FAMILY_ID,
        field: 'sequence.identifier',
        version: 1,
        read: readEntityState,
        merge: mergeEntityStates,
        summary: (state) => ({ due: dueOf(state, enabled) }),
        retry,
      }),
      detect: (events, loaded, now, window) =>
        judgeSequences(events, loaded.states, enabled, { watermark: window.to, now, limits: settings.limits, index }),
    };
  },
  replay(documents, settings, now) {
    const rules = rulesFor(settings).filter((r) => r.enabled);
    const fields = identifierFields(rules);
    const events = documents.flatMap((d) => {
      const r = normalizeSequenceEvent(d, fields);
      return r.ok ? [r.event] : [];
    });
    // Everything up to `now` has been read: a window that ended before it is decided, as a pass ending at `now` would.
    const out = runSequences({
      rules,
      events: sortEvents(events),
      state: emptySequenceState(),
      watermark: now,
      now,
      limits: settings.limits,
    });
    return out.alerts as unknown as FamilyAlertDocument[];
  },
  exampleSettings: () => ({
    indices: ['logs-*'],
    builtinRules: true,
    latenessMs: 5 * 60_000,
    limits: DEFAULT_LIMITS,
    rules: EXAMPLE_RULES(),
  }),
  examples: SEQUENCE_EXAMPLES,
};

function sortEvents(events: SequenceEvent[]): SequenceEvent[] {
  return events.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
