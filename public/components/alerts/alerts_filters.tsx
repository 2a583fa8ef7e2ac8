import React from 'react';
import { EuiFlexGroup, EuiFlexItem, EuiFormRow, EuiSelect } from '@elastic/eui';
import type { FilteredMode } from '../../../common/api';
import {
  ALERT_STATUSES,
  DETECTOR_IDS,
  isDetectorId,
  SEQUENCE_DETECTOR,
  type AlertStatus,
} from '../../../common/constants';
import { isSequenceRuleId, RULE_ID_MAX_LENGTH } from '../../../common/sequence_rule';
import { sequenceView } from '../../families/sequence';
import type { AlertsUrlState } from '../../router/routes';
import { CommittedText, TimeRangeFilter, UserFilter } from '../shared/list_filters';
import { SearchField } from '../shared/search_field';
import { detectorLabel, STATUS_LABELS } from '../shared/labels';

type Change = Partial<AlertsUrlState>;

/**
 * A detector as the list's detector filter names it (every sequence rule's alerts: the family's name; one rule by its
 * id, as a summary's link names a channel's rule).
 */
export const detectorChoiceLabel = (id: string): string =>
  id === SEQUENCE_DETECTOR ? sequenceView.name : isDetectorId(id) ? detectorLabel(id) : `Sequence rule ${id}`;

/** The alert list's filters; every change goes to the URL (page back to 1), so a filtered view is a link. */
export function AlertsFilters({
  state,
  onChange,
  onRefresh,
}: {
  state: AlertsUrlState;
  onChange: (change: Change) => void;
  onRefresh: () => void;
}) {
  return (
    <EuiFlexGroup gutterSize="s" wrap alignItems="flexEnd">
      <EuiFlexItem grow={2} style={{ minWidth: 220 }}>
        <EuiFormRow label="Search" display="rowCompressed">
          <SearchField
            key={state.search ?? ''}
            value={state.search}
            placeholder="User, IP, country, message…"
            onSearch={(search) => onChange({ search })}
            dataTestSubj="alertsSearch"
          />
        </EuiFormRow>
      </EuiFlexItem>
      <EuiFlexItem grow={false} style={{ minWidth: 170 }}>
        <EuiFormRow label="Detector" display="rowCompressed">
          <EuiSelect
            compressed
            value={state.detector.length === 1 ? state.detector[0] : ''}
            options={[
              { value: '', text: 'All detectors' },
              ...DETECTOR_IDS.map((id) => ({ value: id, text: detectorChoiceLabel(id) })),
              // A rule the URL names (a summary's link): shown as the choice, or the field would read another one.
              ...state.detector
                .filter((id) => !isDetectorId(id))
                .map((id) => ({ value: id, text: detectorChoiceLabel(id) })),
            ]}
            onChange={(e) => onChange({ detector: e.target.value ? [e.target.value] : [] })}
            data-test-subj="alertsFilterDetector"
          />
        </EuiFormRow>
      </EuiFlexItem>
      {(state.detector.includes(SEQUENCE_DETECTOR) || state.sequenceRule !== undefined) && (
        <EuiFlexItem grow={false} style={{ minWidth: 220 }}>
          <CommittedText
            key={state.sequenceRule ?? ''}
            label="Sequence rule"
            value={state.sequenceRule}
            placeholder="sequence_… (any rule)"
            maxLength={RULE_ID_MAX_LENGTH}
            check={(id) => (isSequenceRuleId(id) ? undefined : 'A rule id: "sequence" then a-z, 0-9, _, - or .')}
            onCommit={(sequenceRule) => onChange({ sequenceRule })}
            dataTestSubj="alertsFilterSequenceRule"
          />
        </EuiFlexItem>
      )}
      <EuiFlexItem grow={false} style={{ minWidth: 150 }}>
        <EuiFormRow label="Status" display="rowCompressed">
          <EuiSelect
            compressed
            value={state.status.length === 1 ? state.status[0] : ''}
            options={[
              { value: '', text: 'Any status' },
              ...ALERT_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] })),
            ]}
            onChange={(e) => onChange({ status: e.target.value ? [e.target.value as AlertStatus] : [] })}
            data-test-subj="alertsFilterStatus"
          />
        </EuiFormRow>
      </EuiFlexItem>
      <UserFilter user={state.user} onChange={(user) => onChange({ user })} dataTestSubj="alertsFilterUser" />
      <EuiFlexItem grow={false} style={{ width: 90 }}>
        <CommittedText
          key={state.country ?? ''}
          label="Country"
          value={state.country}
          placeholder="IT"
          maxLength={2}
          onCommit={(country) => onChange({ country: country?.toUpperCase() })}
          dataTestSubj="alertsFilterCountry"
        />
      </EuiFlexItem>
      <EuiFlexItem grow={false} style={{ minWidth: 150 }}>
        <EuiFormRow label="Filtered alerts" display="rowCompressed">
          <EuiSelect
            compressed
            value={state.filtered ?? 'unfiltered'}
            options={[
              { value: 'unfiltered', text: 'Hide filtered' },
              { value: 'filtered', text: 'Only filtered' },
              { value: 'all', text: 'Show all' },
            ]}
            onChange={(e) => onChange({ filtered: e.target.value as FilteredMode })}
            data-test-subj="alertsFilterFiltered"
          />
        </EuiFormRow>
      </EuiFlexItem>
      <TimeRangeFilter
        range={state}
        onChange={(range) => onChange(range)}
        onRefresh={onRefresh}
        dataTestSubj="alertsDatePicker"
      />
    </EuiFlexGroup>
  );
}
