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
