import React, { type ReactNode } from 'react';
import {
  EuiEmptyPrompt,
  EuiFlexGroup,
  EuiFlexItem,
  EuiLoadingChart,
  EuiPanel,
  EuiTitle,
  useGeneratedHtmlId,
} from '@elastic/eui';
import type { FetchState } from '../../hooks/use_fetch';
import { PageError } from './page_error';

/**
 * A titled panel that shows a chart's loading, error and empty states the same way everywhere. `children` gets the
 * title's id, to name the chart after it (see chart_a11y.ts).
 */
export function ChartPanel<T>({
  title,
  state,
  isEmpty,
  emptyText,
  onRetry,
  height = 260,
  dataTestSubj,
  children,
}: {
  title: string;
  state: FetchState<T>;
  isEmpty: (data: T) => boolean;
  emptyText: string;
  onRetry: () => void;
  height?: number;
  dataTestSubj: string;
  children: (data: T, titleId: string) => ReactNode;
}) {
  const titleId = useGeneratedHtmlId({ prefix: 'chartTitle' });
  let body: ReactNode;
  if (state.status === 'error') {
    body = <PageError title={`Could not load “${title}”`} message={state.error} onRetry={onRetry} />;
  } else if (state.data === undefined) {
    body = (
      <EuiFlexGroup justifyContent="center" alignItems="center" style={{ height }}>
        <EuiFlexItem grow={false}>
          <EuiLoadingChart size="xl" aria-label={`Loading ${title}`} />
        </EuiFlexItem>
      </EuiFlexGroup>
    );
  } else if (isEmpty(state.data)) {
    body = (
      <EuiEmptyPrompt
        iconType="visBarVertical"
        titleSize="xs"
        title={<h3>Nothing to show</h3>}
        body={<p>{emptyText}</p>}
      />
    );
  } else {
    body = children(state.data, titleId);
  }
  return (
    <EuiPanel hasBorder data-test-subj={dataTestSubj} aria-busy={state.status === 'loading'}>
      <EuiTitle size="xs">
        <h2 id={titleId}>{title}</h2>
      </EuiTitle>
      {body}
    </EuiPanel>
  );
}
