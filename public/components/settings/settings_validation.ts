import { parseDetectionConfigOverrides, type DetectionConfigOverrides } from '../../../common/detection_config';
import { ALL_FIELDS, buildOverrides, parseField, type FormValues } from './settings_fields';

/** An error path such as `filters.ignoredIps[2]` belongs to the form field `filters.ignoredIps`. */
const fieldOf = (path: string) => path.replace(/\[\d+\]$/, '');

/**
 * Checks the form in the browser with the same validator the API runs (common/detection_config.ts), plus what only the
 * merged values show (risk levels must rise). Errors are keyed by field path, for inline display.
 */
export function validateSettings(
  stored: DetectionConfigOverrides,
  initial: FormValues,
  values: FormValues,
): { overrides: DetectionConfigOverrides; errors: Record<string, string> } {
  const { overrides, errors } = buildOverrides(stored, initial, values);
  const parsed = parseDetectionConfigOverrides(overrides);
  if (!parsed.ok) {
    for (const e of parsed.errors) {
      const field = fieldOf(e.path);
      const item = e.path !== field ? `${e.path.slice(field.length)} ` : '';
      errors[field] ??= `${item}${e.message}`.trim();
    }
  }
  const number = (path: string) => {
    const field = ALL_FIELDS.find((f) => f.path === path)!;
    return parseField(field, values[path]).value as number | undefined;
  };
  const [low, medium, high] = [number('risk.lowAt'), number('risk.mediumAt'), number('risk.highAt')];
  if (low !== undefined && medium !== undefined && medium <= low)
    errors['risk.mediumAt'] ??= 'Must be greater than “low at”';
  if (medium !== undefined && high !== undefined && high <= medium)
    errors['risk.highAt'] ??= 'Must be greater than “medium at”';
  return { overrides, errors };
}
