import React, { useState } from 'react';
import { EuiFieldSearch } from '@elastic/eui';

/**
 * A search box that commits on Enter (each commit is a request and a URL change). It starts from the URL's value;
 * callers re-key it when the URL changes the value (back/forward), which resets the draft.
 */
export function SearchField({
  value,
  placeholder,
  onSearch,
  fullWidth,
  dataTestSubj,
}: {
  value?: string;
  placeholder: string;
  onSearch: (value: string | undefined) => void;
  fullWidth?: boolean;
  dataTestSubj: string;
}) {
  const [draft, setDraft] = useState(value ?? '');
  return (
    <EuiFieldSearch
      compressed={!fullWidth}
      fullWidth={fullWidth}
      value={draft}
      placeholder={placeholder}
      aria-label={placeholder}
      onChange={(e) => setDraft(e.target.value)}
      onSearch={(next) => onSearch(next.trim() || undefined)}
      isClearable
      data-test-subj={dataTestSubj}
    />
  );
}
