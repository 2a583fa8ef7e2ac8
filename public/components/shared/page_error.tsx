import React from 'react';
import { EuiButton, EuiCallOut } from '@elastic/eui';

/** Any failed load: the API's own message (it names the parameter or Elasticsearch's cause), and a retry. */
export function PageError({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  return (
    <EuiCallOut title={title} color="danger" iconType="error" role="alert" data-test-subj="buffalogsPageError">
      <p>{message}</p>
      {onRetry && (
        <EuiButton size="s" color="danger" onClick={onRetry}>
          Try again
        </EuiButton>
      )}
    </EuiCallOut>
  );
}

/**
 * A list's message when it shows no rows: that it could not be loaded (the PageError above says why), that it is
 * loading, or that there is nothing. A failed load is never "nothing": an outage read as a quiet day.
 */
export function noRowsMessage(
  status: 'loading' | 'ok' | 'error',
  text: { failed: string; loading?: string; empty: string },
): string {
  if (status === 'error') return `${text.failed} (see the error above).`;
  return status === 'loading' ? (text.loading ?? 'Loading…') : text.empty;
}
