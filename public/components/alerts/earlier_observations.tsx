import React from 'react';
import { EuiHorizontalRule, EuiText, EuiTitle } from '@elastic/eui';
import type { AlertItem } from '../../../common/api';
import { familyView } from '../../families';
import { evidenceOf } from '../../families/family_view';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { ObservationsTable } from '../users/observations_table';
import { timeOf, userNameOf } from './alert_fields';

/** How far back before a verdict its user's observations are shown. */
export const EARLIER_OBSERVATIONS_HOURS = 24;
/** At most this many (newest first): the flyout stays compact. */
const EARLIER_OBSERVATIONS_SIZE = 10;

/** The window of a login verdict's earlier observations: the day before its login; none for another alert. */
export function earlierObservationsWindow(alert: AlertItem): { user: string; from: string; to: string } | undefined {
  if (familyView(alert).id !== 'login' || !evidenceOf(alert, 'verdict')) return undefined;
  const user = userNameOf(alert);
  const at = timeOf(alert);
  if (user === undefined || at === undefined) return undefined;
  const from = at - EARLIER_OBSERVATIONS_HOURS * 3_600_000;
  // A time the API cannot take (before year 1): no window rather than a request it refuses.
  if (from < Date.parse('0001-01-01T00:00:00Z')) return undefined;
  return { user, from: new Date(from).toISOString(), to: new Date(at).toISOString() };
}

/**
 * "Weaker signals before it": a login verdict's user's observations in the 24 h before the alert (issue 12), so an
 * analyst sees e.g. a new device observed hours before the takeover. Nothing at all when there are none, or for an
 * alert that is not a login verdict; a failed load says so in one line.
 */
export function EarlierObservations({ alert }: { alert: AlertItem }) {
  const { api } = useServices();
  const range = earlierObservationsWindow(alert);
  const { state } = useFetch(
    async (signal) =>
      range
        ? api.userObservations(range.user, { from: range.from, to: range.to, size: EARLIER_OBSERVATIONS_SIZE }, signal)
        : undefined,
    [api, range?.user, range?.from, range?.to],
  );
  if (!range) return null;
  if (state.status === 'error') {
    return (
      <EuiText size="xs" color="subdued" data-test-subj="alertEarlierObservationsError">
        <p>The user&apos;s earlier observations could not be loaded: {state.error}</p>
      </EuiText>
    );
  }
  const found = state.status === 'ok' ? state.data : undefined;
  if (!found || found.items.length === 0) return null;
  const more = found.total > found.items.length ? ` (the newest ${found.items.length} of ${found.total})` : '';
  return (
    <section data-test-subj="alertEarlierObservations">
      <EuiHorizontalRule margin="m" />
      <EuiTitle size="xs">
        <h3>Weaker signals before it</h3>
      </EuiTitle>
      <EuiText size="xs" color="subdued">
        <p>
          {range.user}&apos;s logins in the {EARLIER_OBSERVATIONS_HOURS} hours before this one whose signals stayed
          below the alerting threshold: observations, not alerts{more}.
        </p>
      </EuiText>
      <ObservationsTable
        observations={found.items}
        caption={`Observations of ${range.user} in the ${EARLIER_OBSERVATIONS_HOURS} hours before the alert`}
        noItemsMessage="No observations."
        dataTestSubj="alertEarlierObservationsTable"
        compressed
      />
    </section>
  );
}
