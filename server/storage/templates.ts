/**
 * Index templates of the plugin's indices. Bump a template's `version` whenever its mappings or settings change:
 * installation (install_indices.ts) then replaces the template and puts the new mappings on existing indices.
 *
 * Why the mappings look like this:
 * - `dynamic: false` everywhere: alerts copy the triggering event's whole `source` and `user_agent` objects, whose
 *   extra fields vary by shipper. Unmapped fields stay in `_source` but cannot create mappings, so a field typed
 *   differently by two shippers can never make an alert unwritable.
 * - `index.mapping.ignore_malformed`: a malformed value in a mapped field (a port written as text) is not indexed
 *   instead of failing the whole document.
 * - keywords are capped at 1024 characters as in ECS (longer values stay in `_source`).
 * - `auto_expand_replicas: 0-1`: green on a one-node cluster, one replica as soon as there is a second node.
 */
import {
  ANALYSIS_RESULTS_INDEX_PREFIX,
  REPUTATION_INDEX_PREFIX,
  CONTEXT_INDEX_PREFIX,
  INDEX_PREFIXES,
  OBSERVATIONS_INDEX_PREFIX,
  type PluginIndices,
} from './index_names';

export interface PluginTemplate {
  /** Which of the space's indices this template shapes (undefined: indices created on first write, per family). */
  kind: keyof PluginIndices | undefined;
  name: string;
  version: number;
  body: {
    index_patterns: string[];
    priority: number;
    version: number;
    _meta: { managed_by: 'buffalogs'; version: number; description: string };
    template: { settings: Record<string, unknown>; mappings: Record<string, unknown> };
  };
}

const kw = { type: 'keyword', ignore_above: 1024 } as const;
const date = { type: 'date' } as const;
const float = { type: 'float' } as const;
const long = { type: 'long' } as const;
const ip = { type: 'ip' } as const;
const geo = { type: 'geo_point' } as const;
const obj = (properties: Record<string, unknown>) => ({ properties });

const settings = { number_of_shards: 1, auto_expand_replicas: '0-1', 'mapping.ignore_malformed': true };

/** ECS `source.*` as our alerts use it (geo_point for the map, ip for CIDR queries). */
const sourceMapping = obj({
  ip,
  address: kw,
  domain: kw,
  port: long,
  intelligence_category: kw,
  as: obj({ number: long, organization: obj({ name: kw }) }),
  geo: obj({
    location: geo,
    country_iso_code: kw,
    country_name: kw,
    city_name: kw,
    region_name: kw,
    continent_name: kw,
  }),
});

const userAgentMapping = obj({
  original: kw,
  name: kw,
  version: kw,
  device: obj({ name: kw }),
  os: obj({ name: kw, version: kw, full: kw, family: kw }),
});

/** One end of a travel (`LoginPlace`): both ends get a geo_point so a map can draw the journey. */
const loginPlace = obj({
  timestamp: date,
  ip,
  location: geo,
  country_iso_code: kw,
  country_name: kw,
  city_name: kw,
  accuracy_radius_km: float,
  as_number: long,
  as_organization: kw,
  event_id: kw,
});

/** Union of the evidence kinds of common/alert_document.ts. */
const evidenceMapping = obj({
  kind: kw,
  from: loginPlace,
  to: loginPlace,
  distance_km: float,
  effective_distance_km: float,
  elapsed_seconds: float,
  speed_kmh: float,
  speed_threshold_kmh: float,
  distance_threshold_km: float,
  field: kw,
  value: kw,
  known: kw,
  known_count: long,
  last_seen: date,
  days_since_last_seen: float,
  threshold_days: float,
  signal: kw,
  matched: kw,
  list_name: kw,
  ip,
  previous_level: kw,
  level: kw,
  score: float,
  threshold_level: kw,
  caused_by_alert_id: kw,
  caused_by_rule_id: kw,
});

export const ALERTS_TEMPLATE: PluginTemplate = template(
  'alerts',
  'buffalogs-alerts',
  INDEX_PREFIXES.alerts,
  5,
  'BuffaLogs alerts (ECS)',
  {
    dynamic: false,
    properties: {
      '@timestamp': date,
      event: obj({ kind: kw, category: kw, type: kw, risk_score: float, severity: long, created: date }),
      rule: obj({ id: kw, name: kw, description: { type: 'text' }, ruleset: kw }),
      message: { type: 'text' },
      user: obj({ name: kw }),
      source: sourceMapping,
      user_agent: userAgentMapping,
      buffalogs: obj({
        alert_id: kw,
        // v2: the numeric tiebreaker of every list sort (see alertSortKey); alerts written by v1 get it on upgrade.
        sort_key: long,
        // v3: the detection family and the entity the alert is about (server/families/); login alerts of v1–v2 lack them.
        family: kw,
        entity: obj({ field: kw, value: kw }),
        profile: kw,
        severity: kw,
        trigger: obj({ event_id: kw, index: kw }),
        filtered: { type: 'boolean' },
        filter_reasons: kw,
        user_risk: obj({ level: kw, score: float }),
        // v4: the user as the triggering source spelled it, when user.name is a canonical identity (issue 13).
        source_user: obj({ name: kw, dataset: kw }),
        evidence: evidenceMapping,
        // v5: a verdict's signal ids (alerts_writer.ts copies them from its evidence), so the map finds the default
        // profile's impossible travels (all its alerts are `suspicious_login`). Not `evidence.signals.id`: mapping
        // `signals` as an object would refuse another writer's alert whose signals are text.
        signal_ids: kw,
        status: kw,
        tags: kw,
        note: { type: 'text' },
        // Not mapped (dynamic: false): `unmapped_fields`, event values whose shape this mapping cannot take
        // (fit_mapping.ts), kept in _source as JSON text.
      }),
    },
  },
);

/** Queryable summary fields of a user's state; the detection core's full `UserState` is kept whole, unindexed. */
export const STATE_TEMPLATE: PluginTemplate = template(
  'state',
  'buffalogs-state',
  INDEX_PREFIXES.state,
  2,
  'BuffaLogs per-user state',
  {
    dynamic: false,
    properties: {
      '@timestamp': date,
      user: obj({ name: kw }),
      risk: obj({ level: kw, score: float }),
      // v2: the score model's current risk as a time-independent key (server/queries/current_risk.ts): the users
      // list sorts and filters by it, the Overview counts levels by it. States of v1 get it from the detection task.
      risk_now: obj({
        key: { type: 'double' },
        takeover: { type: 'boolean' },
        refresh_at: date,
        basis: kw,
        computed_at: date,
      }),
      first_login: date,
      last_login: date,
      countries: kw,
      updated_at: date,
      state: { type: 'object', enabled: false },
    },
  },
);

export const CHECKPOINT_TEMPLATE: PluginTemplate = template(
  'checkpoints',
  'buffalogs-checkpoints',
  INDEX_PREFIXES.checkpoints,
  2,
  'BuffaLogs detection checkpoints, one per partition',
  {
    dynamic: false,
    properties: {
      // v2: which detection family the checkpoint is of (each family has its own, see server/families/).
      family: kw,
      partition: long,
      partitions: long,
      completed_to: date,
      updated_at: date,
      current: { type: 'object', enabled: false },
    },
  },
);

/** Alerts Elasticsearch refused for their content: the document unindexed, the reason and the pass searchable. */
export const DEADLETTER_TEMPLATE: PluginTemplate = template(
  'deadletter',
  'buffalogs-deadletter',
  INDEX_PREFIXES.deadletter,
  1,
  'BuffaLogs alerts Elasticsearch refused, with the reason',
  {
    dynamic: false,
    properties: {
      '@timestamp': date,
      target_index: kw,
      doc_id: kw,
      error: obj({ status: long, type: kw, reason: { type: 'text' } }),
      pass: obj({ window_from: date, window_to: date, partition: long }),
      user: obj({ name: kw }),
      rule: obj({ id: kw }),
      document: { type: 'object', enabled: false },
    },
  },
);

/**
 * Every family's per-entity state (server/runner/keyed_state_store.ts), in `buffalogs-<family>-state-<space>`
 * indices created on first write. Priority 150, under the plugin's other templates (200), so that a space whose id
 * contains `-state-` keeps its alerts, state and checkpoint indices' own templates.
 */
export const ENTITY_STATE_TEMPLATE: PluginTemplate = {
  ...template(
    'state',
    'buffalogs-entity-state',
    'buffalogs-*-state-',
    2,
    'BuffaLogs per-entity state of detection families',
    {
      dynamic: false,
      properties: {
        family: kw,
        entity: obj({ field: kw, value: kw }),
        version: long,
        updated_at: date,
        // v2: when the entity must be judged again without new events (a sequence window that closes by time).
        due: { type: 'date', format: 'epoch_millis' },
        state: { type: 'object', enabled: false },
      },
    },
  ),
  kind: undefined,
};
ENTITY_STATE_TEMPLATE.body.priority = 150;

/**
 * A space's sequence rules (server/families/sequence/rules_store.ts): the current rule set and one copy per version,
 * created on the first save. Rules are stored whole and unindexed: their shape is validated by the plugin, not here.
 */
export const SEQUENCE_RULES_TEMPLATE: PluginTemplate = {
  ...template(
    'state',
    'buffalogs-sequence-rules',
    'buffalogs-sequence-rules-',
    1,
    'BuffaLogs sequence rules per space',
    {
      dynamic: false,
      properties: {
        kind: kw,
        version: long,
        updated_by: kw,
        updated_at: date,
        comment: { type: 'text' },
        builtin_disabled: kw,
        rules: { type: 'object', enabled: false },
      },
    },
  ),
  kind: undefined,
};

/**
 * Notification deliveries (server/notifications/deliveries_store.ts), one document per alert and channel, in
 * `buffalogs-deliveries-<space>`, created on the first delivery. Channel secrets are never stored here.
 */
export const DELIVERIES_TEMPLATE: PluginTemplate = {
  ...template('state', 'buffalogs-deliveries', 'buffalogs-deliveries-', 1, 'BuffaLogs notification deliveries', {
    dynamic: false,
    properties: {
      '@timestamp': date,
      delivery_id: kw,
      alert_id: kw,
      channel: kw,
      channel_type: kw,
      status: kw,
      attempts: long,
      claimed_at: date,
      finished_at: date,
      error: { type: 'text' },
      entity: obj({ field: kw, value: kw }),
      rule: obj({ id: kw }),
      severity: kw,
      group_size: long,
    },
  }),
  kind: undefined,
};

/**
 * A space's saved analyses (server/analyses/store.ts), one document per analysis, created on the first save. The
 * definition is stored as written and unindexed: the plugin validates it on the way in and again on the way out.
 */
export const ANALYSES_TEMPLATE: PluginTemplate = {
  ...template('state', 'buffalogs-analyses', 'buffalogs-analyses-', 1, 'BuffaLogs saved analyses per space', {
    dynamic: false,
    properties: {
      name: kw,
      updated_by: kw,
      updated_at: date,
      definition: { type: 'object', enabled: false },
    },
  }),
  kind: undefined,
};

/**
 * An analysis run's results (server/analysis_run/): `kind: record` documents (the record's time, where it lives, its
 * score, cluster, flags and the features that set it apart, and the values the analysis read as keywords `values: ["field=value", …]` so a dashboard
 * can split by them) and one `kind: report` document per analysis with the whole report unindexed.
 */
export const ANALYSIS_RESULTS_TEMPLATE: PluginTemplate = {
  ...template('state', 'buffalogs-analysis', ANALYSIS_RESULTS_INDEX_PREFIX, 2, 'BuffaLogs analysis results', {
    dynamic: false,
    properties: {
      '@timestamp': date,
      kind: kw,
      analysis: obj({ name: kw, run_id: kw }),
      event: obj({ index: kw, id: kw }),
      // v2: `apart`, the features that set the record apart (server/analyses/analyzer.ts RecordResult).
      anomaly: obj({ score: float, cluster: long, flags: kw, apart: kw }),
      values: kw,
      report: { type: 'object', enabled: false },
    },
  }),
  kind: undefined,
};

/**
 * The login family's learned population context (server/families/login/population_store.ts): one document per
 * partition, its snapshot stored whole and unindexed (it is hashes, not something to search).
 */
export const CONTEXT_TEMPLATE: PluginTemplate = {
  ...template('state', 'buffalogs-context', CONTEXT_INDEX_PREFIX, 1, 'BuffaLogs context learned across users', {
    dynamic: false,
    properties: {
      kind: kw,
      partition: long,
      partitions: long,
      updated_at: date,
      snapshot: { type: 'object', enabled: false },
    },
  }),
  kind: undefined,
};

/**
 * Observations (server/detection/verdict/observation.ts): a login's signals under the alerting threshold, kept
 * searchable per user and time; the signals' evidence stays in `_source` only (the alerts carry the same shape).
 */
export const OBSERVATIONS_TEMPLATE: PluginTemplate = {
  ...template('state', 'buffalogs-observations', OBSERVATIONS_INDEX_PREFIX, 1, 'BuffaLogs observations', {
    dynamic: false,
    properties: {
      '@timestamp': date,
      event: obj({ kind: kw, id: kw, index: kw }),
      user: obj({ name: kw }),
      score: float,
      threshold: float,
      why: { type: 'text' },
      signals: obj({ id: kw, weight: float }),
    },
  }),
  kind: undefined,
};

/**
 * Domain reputation (server/families/web/reputation/): `kind: domain` documents, one per looked-up domain (the
 * provider's counts, when it was checked and when the answer expires), `kind: quota` counters per provider, and
 * `kind: pending` documents for domains whose lookup waits (pending.ts: read by id, except `first_deferred_at`, which
 * the pass sorts on to look up the longest waiting with its leftover budget). v2: `first_deferred_at`; an index created
 * before gets it from ensureIndexFromTemplate.
 */
export const REPUTATION_TEMPLATE: PluginTemplate = {
  ...template('state', 'buffalogs-reputation', REPUTATION_INDEX_PREFIX, 2, 'BuffaLogs domain reputation cache', {
    dynamic: false,
    properties: {
      kind: kw,
      domain: kw,
      provider: kw,
      status: kw,
      checked_at: date,
      expires_at: date,
      first_deferred_at: date,
      malicious: long,
      suspicious: long,
      harmless: long,
      undetected: long,
      reputation: long,
      analysed_at: date,
    },
  }),
  kind: undefined,
};

export const PLUGIN_TEMPLATES = [
  ALERTS_TEMPLATE,
  STATE_TEMPLATE,
  CHECKPOINT_TEMPLATE,
  ENTITY_STATE_TEMPLATE,
  SEQUENCE_RULES_TEMPLATE,
  ANALYSES_TEMPLATE,
  ANALYSIS_RESULTS_TEMPLATE,
  DEADLETTER_TEMPLATE,
  DELIVERIES_TEMPLATE,
  CONTEXT_TEMPLATE,
  OBSERVATIONS_TEMPLATE,
  REPUTATION_TEMPLATE,
];

function template(
  kind: keyof PluginIndices,
  name: string,
  prefix: string,
  version: number,
  description: string,
  mappings: Record<string, unknown>,
): PluginTemplate {
  return {
    kind,
    name,
    version,
    body: {
      index_patterns: [`${prefix}*`],
      // Above Elasticsearch's built-in templates (priority 100 for logs-*-*), which do not match our names anyway.
      priority: 200,
      version,
      _meta: { managed_by: 'buffalogs', version, description },
      template: { settings, mappings: { ...mappings, _meta: { managed_by: 'buffalogs', version } } },
    },
  };
}
