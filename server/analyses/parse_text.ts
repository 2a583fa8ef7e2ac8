/**
 * Analysis or pack text (YAML or JSON) → plain data. js-yaml's JSON schema only: no tags, no timestamps or binary,
 * nothing that constructs a function or class; aliases are shared references, which shapeProblem() counts as they are
 * walked, so an alias bomb is refused instead of expanded.
 */
import { JSON_SCHEMA, load } from 'js-yaml';

export const MAX_ANALYSIS_TEXT = 1_000_000;

export type ParsedText = { ok: true; value: unknown } | { ok: false; error: string };

export function parseAnalysisText(text: string): ParsedText {
  if (text.length > MAX_ANALYSIS_TEXT) return { ok: false, error: `longer than ${MAX_ANALYSIS_TEXT} characters` };
  try {
    return { ok: true, value: load(text, { schema: JSON_SCHEMA }) };
  } catch (error) {
    return { ok: false, error: `not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}` };
  }
}
