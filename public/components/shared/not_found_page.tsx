import React from 'react';
import { EuiButton, EuiEmptyPrompt, EuiPageTemplate } from '@elastic/eui';
import { useNavigate } from '../../hooks/use_navigate';
import { usePageChrome } from '../../hooks/use_page_chrome';

export function NotFoundPage({ path }: { path: string }) {
  usePageChrome([{ text: 'Page not found' }]);
  const { linkProps } = useNavigate();
  return (
    <EuiPageTemplate.Section>
      <EuiEmptyPrompt
        iconType="search"
        title={<h2>No such page</h2>}
        body={<p>BuffaLogs has no page at “{path}”.</p>}
        actions={<EuiButton {...linkProps('/')}>Go to the overview</EuiButton>}
      />
    </EuiPageTemplate.Section>
  );
}
