import React from 'react';
import { EuiFlexGroup, EuiFlexItem, EuiSuperDatePicker } from '@elastic/eui';
import { useNavigate } from '../../hooks/use_navigate';
import type { TimeRange } from '../../router/routes';

/** EuiSuperDatePicker bound to a URL time range; "Refresh" re-resolves `now` through `onRefresh`. */
export function TimePicker({
  range,
  onChange,
  onRefresh,
  dataTestSubj,
}: {
  range: TimeRange;
  onChange: (range: TimeRange) => void;
  onRefresh: () => void;
  dataTestSubj: string;
}) {
  return (
    <EuiSuperDatePicker
      start={range.start}
      end={range.end}
      onTimeChange={({ start, end, isInvalid }) => {
        if (!isInvalid) onChange({ start, end });
      }}
      onRefresh={onRefresh}
      showUpdateButton="iconOnly"
      width="auto"
      data-test-subj={dataTestSubj}
    />
  );
}

/**
 * The top bar of a page whose range lives in the URL: the time picker at the right; a new range navigates to
 * `pathFor(range)`, "Refresh" calls `onRefresh`.
 */
export function PageTimeBar({
  range,
  pathFor,
  onRefresh,
  dataTestSubj,
}: {
  range: TimeRange;
  pathFor: (range: TimeRange) => string;
  onRefresh: () => void;
  dataTestSubj: string;
}) {
  const { navigate } = useNavigate();
  return (
    <EuiFlexGroup justifyContent="flexEnd">
      <EuiFlexItem grow={false}>
        <TimePicker
          range={range}
          onChange={(next) => navigate(pathFor(next))}
          onRefresh={onRefresh}
          dataTestSubj={dataTestSubj}
        />
      </EuiFlexItem>
    </EuiFlexGroup>
  );
}
