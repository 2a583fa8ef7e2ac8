/**
 * A space's saved analyses in Elasticsearch (`buffalogs-analyses-<space>`), one document per analysis, `_id` = its
 * name. The definition is stored as the user wrote it (so an anomal-shaped one stays anomal-shaped) after
 * validateAnalysis() accepted it, and validated again when read: one this version of the plugin refuses is listed
 * with its errors, never run.
 */
import { esStatus, notFound } from '../routes/errors';
import type { EsClient } from '../storage/es_client';
import { spaceIndexSuffix } from '../storage/index_names';
import { ensureIndexFromTemplate } from '../storage/install_indices';
import { ANALYSES_TEMPLATE } from '../storage/templates';
import type { AnalysisDefinition } from './definition';
import { validateAnalysis, type FieldError } from './validate';

export const ANALYSES_INDEX_PREFIX = 'buffalogs-analyses-';
/** Named like every other per-space index (spaceIndexSuffix): a checked id, hashed when too long for Elasticsearch. */
export const analysesIndex = (space: string): string => `${ANALYSES_INDEX_PREFIX}${spaceIndexSuffix(space)}`;
/** Saved analyses listed per space; more is refused on save. */
export const MAX_SAVED_ANALYSES = 200;

interface AnalysisDocument {
  name: string;
  definition: unknown;
  updated_by: string;
  updated_at: string;
}

export interface SavedAnalysis extends AnalysisDocument {
  /** Problems this version of the plugin finds in the stored definition (absent when it is valid). */
  errors?: FieldError[];
}

export async function listAnalyses(client: EsClient, space: string): Promise<SavedAnalysis[]> {
  try {
    const res = await client.search<AnalysisDocument>({
      index: analysesIndex(space),
      size: MAX_SAVED_ANALYSES,
      query: { match_all: {} },
    });
    // Sorted here, not by Elasticsearch: the order must not depend on how the index happened to be mapped.
    return res.hits.hits
      .flatMap((h) => (h._source ? [withErrors(h._source)] : []))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    if (esStatus(error) === 404) return [];
    throw error;
  }
}

function withErrors(doc: AnalysisDocument): SavedAnalysis {
  const checked = validateAnalysis(doc.definition, { requireSource: true });
  return checked.ok ? doc : { ...doc, errors: checked.errors };
}

/** Saves (creates or replaces) an already validated definition under its name. */
export async function saveAnalysis(
  client: EsClient,
  space: string,
  change: { name: string; definition: unknown; user: string; now: Date },
): Promise<SavedAnalysis> {
  const doc: AnalysisDocument = {
    name: change.name,
    definition: change.definition,
    updated_by: change.user,
    updated_at: change.now.toISOString(),
  };
  await ensureIndexFromTemplate(client, analysesIndex(space), ANALYSES_TEMPLATE);
  await client.index({ index: analysesIndex(space), id: change.name, document: doc, refresh: 'wait_for' });
  return doc;
}

export async function deleteAnalysis(client: EsClient, space: string, name: string): Promise<void> {
  try {
    const res = await client.delete({ index: analysesIndex(space), id: name, refresh: 'wait_for' });
    if (res.result === 'not_found') throw notFound(`No saved analysis is named "${name}".`);
  } catch (error) {
    if (esStatus(error) === 404) throw notFound(`No saved analysis is named "${name}".`);
    throw error;
  }
}

/** One saved analysis by name, validated: its definition, or every problem this version finds in it. */
export async function readAnalysis(
  client: EsClient,
  space: string,
  name: string,
): Promise<{ ok: true; analysis: AnalysisDefinition } | { ok: false; errors: FieldError[] }> {
  let doc: AnalysisDocument | undefined;
  try {
    doc = (await client.get<AnalysisDocument>({ index: analysesIndex(space), id: name }))._source;
  } catch (error) {
    if (esStatus(error) !== 404) throw error;
  }
  if (!doc) throw notFound(`No saved analysis is named "${name}".`);
  const checked = validateAnalysis(doc.definition, { requireSource: true });
  // The saved name wins over a `name` inside the definition: results and alerts are keyed by it.
  return checked.ok ? { ok: true, analysis: { ...checked.analysis, name } } : { ok: false, errors: checked.errors };
}
