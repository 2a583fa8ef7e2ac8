/**
 * The filter fields the lists share (the Alerts and Observations pages): a text applied when committed, the exact user
 * and the time range. Each is a flex item of the page's filter row; each change goes to the URL.
 */
import React, { useState } from 'react';
import { EuiFieldText, EuiFlexItem, EuiFormRow } from '@elastic/eui';
import { API_LIMITS } from '../../../common/api';
import { TimePicker } from './time_picker';

/**
 * A text filter applied on Enter or when focus leaves, not on every keystroke (each change is a new request). Re-key
 * it when the URL changes the value.
 */
export function CommittedText({
  label,
  value,
  onCommit,
  placeholder,
  maxLength,
  check,
  dataTestSubj,
}: {
  label: string;
  value?: string;
  onCommit: (value: string | undefined) => void;
  placeholder: string;
  maxLength?: number;
  /** What is wrong with a value the API would refuse (it is then not applied), undefined when it is fine. */
  check?: (value: string) => string | undefined;
  dataTestSubj: string;
}) {
  // Starts from the URL's value; the parent re-keys this field when the URL changes it.
  const [draft, setDraft] = useState(value ?? '');
  const [error, setError] = useState<string | undefined>();
  const commit = () => {
    const next = draft.trim() || undefined;
    const problem = next === undefined ? undefined : check?.(next);
    setError(problem);
    if (problem === undefined && next !== value) onCommit(next);
  };
  return (
    <EuiFormRow label={label} display="rowCompressed" isInvalid={error !== undefined} error={error}>
      <EuiFieldText
        compressed
        isInvalid={error !== undefined}
        value={draft}
        placeholder={placeholder}
        maxLength={maxLength}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        data-test-subj={dataTestSubj}
      />
    </EuiFormRow>
  );
}

/** The exact user name (`user`), as the lists' APIs take it: never a pattern. */
export function UserFilter({
  user,
  onChange,
  dataTestSubj,
  minWidth = 140,
}: {
  user?: string;
  onChange: (user: string | undefined) => void;
  dataTestSubj: string;
  minWidth?: number;
}) {
  return (
    <EuiFlexItem grow={false} style={{ minWidth }}>
      <CommittedText
        key={user ?? ''}
        label="User"
        value={user}
        placeholder="exact user name"
        maxLength={API_LIMITS.maxUserNameLength}
        onCommit={onChange}
        dataTestSubj={dataTestSubj}
      />
    </EuiFlexItem>
  );
}

/** The list's time range (date math in the URL), in its labelled row; "Refresh" re-resolves `now` through `onRefresh`. */
export function TimeRangeFilter(props: React.ComponentProps<typeof TimePicker>) {
  return (
    <EuiFlexItem grow={false}>
      <EuiFormRow label="Time range" display="rowCompressed">
        <TimePicker {...props} />
      </EuiFormRow>
    </EuiFlexItem>
  );
}
