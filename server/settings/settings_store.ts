/**
 * Detection settings changed through the API live in Elasticsearch, one index per space
 * (`buffalogs-settings-<space>`): the current document (`_id: detection`) and one history document per version
 * (`_id: detection@v<n>`), each saying who changed what and when.
 *
 * Writes are serialised by optimistic concurrency on the current document (`if_seq_no`/`if_primary_term`), so two
 * administrators saving at once cannot silently overwrite each other: the second gets a 409. The current document
 * also carries its own audit fields, so the latest change is recorded even if writing its history copy failed; the
 * next save re-writes the previous version's copy first (idempotent), so the history has no holes.
 */
import type { ProfileName } from '../../common/alert_document';
import type { DetectionConfigOverrides } from '../../common/detection_config';
import type { SettingsHistoryEntry } from '../../common/api';
import type { EsClient } from '../storage/es_client';
import { spaceIndexSuffix } from '../storage/index_names';
import { esStatus, isIndexNotFound } from '../routes/errors';
import { assertExpectedVersion, writeNextVersion } from './versioned_document';
import {
  changedSettings,
  effectiveDetectionConfig,
  type BaseDetectionSettings,
  type StoredDetectionSettings,
} from './effective_config';

export const SETTINGS_INDEX_PREFIX = 'buffalogs-settings-';
export const settingsIndexName = (space: string): string => `${SETTINGS_INDEX_PREFIX}${spaceIndexSuffix(space)}`;
const CURRENT_ID = 'detection';

interface SettingsDocument {
  kind: 'current' | 'history';
  version: number;
  profile?: ProfileName;
  overrides: DetectionConfigOverrides;
  updated_by: string;
  updated_at: string;
  changed: string[];
  comment?: string;
}

const MAPPINGS = {
  dynamic: false,
  properties: {
    kind: { type: 'keyword' },
    version: { type: 'long' },
    profile: { type: 'keyword' },
    updated_by: { type: 'keyword' },
    updated_at: { type: 'date' },
    changed: { type: 'keyword' },
    comment: { type: 'text' },
    // Stored whole, never searched: its shape follows DetectionConfig, which may grow.
    overrides: { type: 'object', enabled: false },
  },
} as const;

export interface CurrentSettings extends StoredDetectionSettings {
  seqNo?: number;
  primaryTerm?: number;
  changed?: string[];
  comment?: string;
  /** saveSettings: nothing differed from the current settings, so no version was written (this is the current one). */
  unchanged?: boolean;
}

/** The stored settings (realtime get: sees the latest save without a refresh); version 0 when none were saved. */
export async function readSettings(client: EsClient, space: string): Promise<CurrentSettings> {
  try {
    const doc = await client.get<SettingsDocument>({ index: settingsIndexName(space), id: CURRENT_ID });
    const src = doc._source as SettingsDocument;
    return {
      ...(src.profile ? { profile: src.profile } : {}),
      overrides: src.overrides ?? {},
      version: src.version,
      updated_by: src.updated_by,
      updated_at: src.updated_at,
      changed: src.changed,
      ...(src.comment ? { comment: src.comment } : {}),
      seqNo: doc._seq_no,
      primaryTerm: doc._primary_term,
    };
  } catch (error) {
    if (esStatus(error) === 404) return { overrides: {}, version: 0 };
    throw error;
  }
}

/** For the detection task and the CLI: the configuration to run with, given kibana.yml's settings. */
export async function getEffectiveDetectionConfig(client: EsClient, space: string, base: BaseDetectionSettings) {
  const stored = await readSettings(client, space);
  return effectiveDetectionConfig(base, stored.version > 0 ? stored : undefined);
}

async function ensureIndex(client: EsClient, index: string): Promise<void> {
  try {
    await client.indices.create({
      index,
      settings: { number_of_shards: 1, auto_expand_replicas: '0-1' },
      mappings: MAPPINGS,
    });
  } catch (error) {
    if (
      esStatus(error) === 400 &&
      /resource_already_exists_exception/.test(JSON.stringify((error as { meta?: { body?: unknown } }).meta?.body))
    )
      return;
    throw error;
  }
}

export interface SettingsChange {
  profile?: ProfileName;
  overrides: DetectionConfigOverrides;
  expectedVersion?: number;
  user: string;
  comment?: string;
  now: Date;
}

/**
 * Saves a validated change; 409 when the settings changed since `expectedVersion` or during the save. A change that
 * changes nothing (same profile and overrides; a comment alone is not a change) writes no version and returns the
 * current settings with `unchanged` (a version whose history says "Changed: —" told the auditor nothing).
 */
export async function saveSettings(client: EsClient, space: string, change: SettingsChange): Promise<CurrentSettings> {
  const index = settingsIndexName(space);
  const current = await readSettings(client, space);
  assertExpectedVersion('settings', change.expectedVersion, current.version);
  const next: SettingsDocument = {
    kind: 'current',
    version: current.version + 1,
    ...(change.profile ? { profile: change.profile } : current.profile ? { profile: current.profile } : {}),
    overrides: change.overrides,
    updated_by: change.user,
    updated_at: change.now.toISOString(),
    changed: [],
    ...(change.comment ? { comment: change.comment } : {}),
  };
  next.changed = changedSettings(current.version > 0 ? current : undefined, next);
  if (next.changed.length === 0) return { ...current, unchanged: true };
  await ensureIndex(client, index);
  const written = await writeNextVersion(
    client,
    'settings',
    { index, currentId: CURRENT_ID },
    { ...current, document: asDocument(current) },
    next,
  );
  return { ...fromDocument(next), ...written };
}

function asDocument(s: CurrentSettings): SettingsDocument {
  return {
    kind: 'current',
    version: s.version,
    ...(s.profile ? { profile: s.profile } : {}),
    overrides: s.overrides,
    updated_by: s.updated_by ?? 'unknown',
    updated_at: s.updated_at ?? new Date(0).toISOString(),
    changed: s.changed ?? [],
    ...(s.comment ? { comment: s.comment } : {}),
  };
}

function fromDocument(d: SettingsDocument): CurrentSettings {
  return {
    ...(d.profile ? { profile: d.profile } : {}),
    overrides: d.overrides,
    version: d.version,
    updated_by: d.updated_by,
    updated_at: d.updated_at,
    changed: d.changed,
    ...(d.comment ? { comment: d.comment } : {}),
  };
}

/** Newest first. The current document is included, so the latest change shows even before its copy is searchable. */
export async function readSettingsHistory(
  client: EsClient,
  space: string,
  base: BaseDetectionSettings,
  size: number,
): Promise<{ items: SettingsHistoryEntry[]; total: number }> {
  const index = settingsIndexName(space);
  let docs: SettingsDocument[] = [];
  let total = 0;
  try {
    const result = await client.search<SettingsDocument>({
      index,
      size,
      track_total_hits: true,
      query: { bool: { filter: [{ term: { kind: 'history' } }] } },
      sort: [{ version: { order: 'desc' } }],
    });
    docs = result.hits.hits.map((h) => h._source as SettingsDocument);
    total = typeof result.hits.total === 'number' ? result.hits.total : (result.hits.total?.value ?? 0);
  } catch (error) {
    if (!isIndexNotFound(error)) throw error;
  }
  const current = await readSettings(client, space);
  if (current.version > 0 && !docs.some((d) => d.version === current.version)) {
    docs.unshift(asDocument(current));
    total++;
  }
  return {
    items: docs.slice(0, size).map((d) => ({
      version: d.version,
      updated_by: d.updated_by,
      updated_at: d.updated_at,
      profile: d.profile ?? base.profile,
      overrides: d.overrides,
      changed: d.changed,
      ...(d.comment ? { comment: d.comment } : {}),
    })),
    total,
  };
}
