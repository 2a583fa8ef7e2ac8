import React from 'react';
import { EuiButtonEmpty, EuiCallOut, EuiSpacer } from '@elastic/eui';
import type { AlertsUrlState } from '../../router/routes';
import { detectorChoiceLabel } from './alerts_filters';

/** What a notification summary's link narrows the list by, in words; empty when it narrows nothing. */
export function channelFilterWords(state: AlertsUrlState): string[] {
  const words: string[] = [];
  // The detector field shows one detector (or "All detectors"): a summary's several are said here.
  if (state.detector.length > 1) words.push(`detectors ${state.detector.map(detectorChoiceLabel).join(', ')}`);
  if (state.minSeverity !== undefined) words.push(`severity ≥ ${state.minSeverity}`);
  if (state.minScore !== undefined) words.push(`score ≥ ${state.minScore}`);
  if (state.users.length) words.push(`users ${state.users.join(', ')}`);
  // Not the users the summary counted: the channel's as configured now (the server reads them), which may differ.
  if (state.channelUsers !== undefined)
    words.push(`the users of channel ${state.channelUsers}, as its configuration lists them now`);
  if (state.timeField === 'event.created') words.push('period by alert creation time');
  return words;
}

/** Clears the summary's filters (and its channel's name) from the URL: the list is the usual one again. */
export const CLEAR_CHANNEL_FILTERS: Partial<AlertsUrlState> = {
  minSeverity: undefined,
  minScore: undefined,
  users: [],
  channelUsers: undefined,
  timeField: undefined,
  channel: undefined,
};

/**
 * The filters a summary's link set that the filter bar has no field for: said above the list, or the analyst would
 * not see why it is narrower than the same range and detectors elsewhere (or why a login outside the range is in it).
 */
export function ChannelFiltersCallout({
  state,
  onClear,
}: {
  state: AlertsUrlState;
  onClear: (change: Partial<AlertsUrlState>) => void;
}) {
  const words = channelFilterWords(state);
  if (words.length === 0) return null;
  const source = state.channel ? `From the summary of ${state.channel}` : 'Filters from the link';
  return (
    <>
      <EuiCallOut
        size="s"
        iconType="filter"
        title={`${source}: ${words.join('; ')}`}
        data-test-subj="alertsChannelFilters"
      >
        <EuiButtonEmpty
          size="xs"
          flush="left"
          iconType="cross"
          onClick={() => onClear({ ...CLEAR_CHANNEL_FILTERS, ...(state.detector.length > 1 ? { detector: [] } : {}) })}
          data-test-subj="alertsChannelFiltersClear"
        >
          Clear these filters
        </EuiButtonEmpty>
      </EuiCallOut>
      <EuiSpacer size="s" />
    </>
  );
}
