import React from 'react';
import { EuiDescriptionList, EuiText, type EuiDescriptionListProps } from '@elastic/eui';
import { formatNumber } from '../../components/shared/format';
import { buffalogsOf, storedText, type AnyAlert } from '../family_view';

export type EvidenceItems = NonNullable<EuiDescriptionListProps['listItems']>;

/**
 * The flyout's "why it fired": the alert's sentence, the evidence's summary in bold, then every number. The message
 * is the stored one: without it (or not text: React threw on an object), the summary alone. A summary the message
 * already says (a verdict's "Suspicious login for alice: <why>" and its why) is not repeated in bold.
 */
export function EvidenceList({
  message,
  summary,
  items,
  children,
}: {
  message: unknown;
  summary: string;
  items: EvidenceItems;
  children?: React.ReactNode;
}) {
  const sentence = storedText(message);
  // More than a dash: a summary of "—" (nothing readable) is said even if the message holds a dash.
  const repeated = sentence !== undefined && summary.trim().length > 1 && sentence.includes(summary.trim());
  return (
    <div data-test-subj="alertEvidence">
      <EuiText size="s">
        {sentence && <p>{sentence}</p>}
        {!repeated && (
          <p>
            <strong>{summary}</strong>
          </p>
        )}
      </EuiText>
      <EuiDescriptionList type="column" compressed listItems={items} />
      {children}
    </div>
  );
}

/** "windowMinutes" → "Window minutes", "not_found_threshold" → "Not found threshold". */
export function fieldTitle(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A stored value as text: numbers localised, lists joined, objects (rare, bounded) as compact JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value, 3);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.map(valueText).join(', ') : 'none';
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value).slice(0, 500);
}

/** Every field of an evidence object but its kind, in stored order: what a family without its own view shows. */
export function genericItems(evidence: unknown): EvidenceItems {
  if (!evidence || typeof evidence !== 'object') return [];
  return Object.entries(evidence as Record<string, unknown>)
    .filter(([key]) => key !== 'kind')
    .map(([key, value]) => ({ title: fieldTitle(key), description: valueText(value) }));
}

/** A family's alert whose evidence is of no kind its view knows (an older or newer writer's): its message and fields. */
export function UnknownEvidence({ alert }: { alert: AnyAlert }) {
  return (
    <EvidenceList
      message={alert.message}
      summary="Evidence of an unknown kind."
      items={genericItems(buffalogsOf(alert).evidence)}
    />
  );
}
