import React from 'react';
import { EuiSuperDatePicker } from '@elastic/eui';
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
