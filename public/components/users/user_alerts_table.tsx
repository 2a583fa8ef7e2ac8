import React, { useMemo } from 'react';
import { EuiBasicTable, EuiPanel, EuiText, EuiTitle } from '@elastic/eui';
import type { AlertItem } from '../../../common/api';
import { useNavigate } from '../../hooks/use_navigate';
import { paths } from '../../router/routes';
import { alertColumns } from '../alerts/alert_columns';

/** The user's newest alerts; each opens in the alert list, filtered to this user, with its flyout. */
export function UserAlertsTable({ userName, alerts, total }: { userName: string; alerts: AlertItem[]; total: number }) {
  const { linkProps } = useNavigate();
  const columns = useMemo(
    () =>
      alertColumns((a) => linkProps(paths.alert(a.id, { user: userName, filtered: 'all', start: 'now-10y' }))).filter(
        (c) => !('field' in c) || c.field !== 'user',
      ),
    [linkProps, userName],
  );
  return (
    <EuiPanel hasBorder>
      <EuiTitle size="xs">
        <h2>Alerts</h2>
      </EuiTitle>
      <EuiText size="xs" color="subdued">
        <p>
          {alerts.length < total ? `The newest ${alerts.length} of ${total}. ` : ''}
          <a {...linkProps(paths.alerts({ user: userName, filtered: 'all', start: 'now-10y' }))}>
            See all in the alert list
          </a>
        </p>
      </EuiText>
      <EuiBasicTable
        tableCaption={`Alerts of ${userName}`}
        items={alerts}
        columns={columns}
        noItemsMessage="No alerts for this user."
        data-test-subj="userAlertsTable"
      />
    </EuiPanel>
  );
}
