import React, { useState } from 'react';
import { EuiBasicTable, EuiButton, EuiCallOut, EuiSpacer, EuiText, type EuiBasicTableColumn } from '@elastic/eui';
import type { NotifierChannelView, NotifierTestResponse } from '../../../common/api';
import { useServices } from '../../hooks/use_services';
import { describeHttpError } from '../../services/http_errors';

/** The outcome of the last test message per channel: the route's answer, or the request's own failure. */
type Outcome = NotifierTestResponse | { channel: string; ok: false; requestError: string };

const MAX_USERS_SHOWN = 3;

/** What a channel takes, in words: "high and above, score ≥ 60, detectors: …, users: …". */
export function describeFilters(f: NotifierChannelView['filters']): string {
  const parts = [f.minSeverity === 'low' ? 'every severity' : `${f.minSeverity} and above`];
  if (f.minScore > 0) parts.push(`score ≥ ${f.minScore}`);
  parts.push(f.detectors.length ? `detectors: ${f.detectors.join(', ')}` : 'every detector');
  if (f.users.length) {
    const shown = f.users.slice(0, MAX_USERS_SHOWN).join(', ');
    const more = f.users.length - MAX_USERS_SHOWN;
    parts.push(`users: ${shown}${more > 0 ? ` and ${more} more` : ''}`);
  } else parts.push('every user');
  if (f.includeFiltered) parts.push('filtered alerts included');
  return parts.join('; ');
}

function OutcomeCallOut({ outcome }: { outcome: Outcome }) {
  const failed = !outcome.ok;
  const detail = 'requestError' in outcome ? outcome.requestError : outcome.error;
  return (
    <EuiCallOut
      size="s"
      role={failed ? 'alert' : 'status'}
      color={failed ? 'danger' : 'success'}
      iconType={failed ? 'error' : 'check'}
      title={
        failed
          ? `The test message to ${outcome.channel} failed`
          : `The test message to ${outcome.channel} was accepted (${outcome.attempts} attempt)`
      }
      data-test-subj={`notifierTestResult-${outcome.channel}`}
    >
      {failed && detail ? <p>{detail}</p> : null}
    </EuiCallOut>
  );
}

/**
 * The channels of kibana.yml `buffalogs.notifiers` as the server shows them (names, types, filters; never a URL or
 * a secret), and a "Send test message" button per channel for users with the "All" privilege.
 */
export function NotifierChannels({ channels, canTest }: { channels: NotifierChannelView[]; canTest: boolean }) {
  const { api } = useServices();
  const [sending, setSending] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const test = async (name: string) => {
    setSending(name);
    setOutcome(undefined);
    try {
      setOutcome(await api.testNotifier(name));
    } catch (error) {
      setOutcome({ channel: name, ok: false, requestError: describeHttpError(error) });
    } finally {
      setSending(undefined);
    }
  };

  const columns: Array<EuiBasicTableColumn<NotifierChannelView>> = [
    { field: 'name', name: 'Channel', render: (name: string) => <strong>{name}</strong> },
    { field: 'type', name: 'Type', width: '110px' },
    { field: 'filters', name: 'Sends', render: (f: NotifierChannelView['filters']) => describeFilters(f) },
    {
      name: 'Messages',
      render: (c: NotifierChannelView) =>
        [
          c.sendAlerts === false
            ? 'summary only'
            : `${c.groupByUser ? `one per user, up to ${c.maxGroupSize} alerts` : 'one per alert'}; at most ${c.ratePerMinute}/min`,
          c.summary
            ? `${c.summary.frequency} summary at ${c.summary.time} UTC${c.summary.day ? ` on ${c.summary.day}s` : ''}`
            : '',
          c.mentionedUsers ? `mentions ${c.mentionedUsers} user${c.mentionedUsers === 1 ? '' : 's'}` : '',
          c.signing?.length ? `signed (${c.signing.join(', ')})` : '',
        ]
          .filter(Boolean)
          .join('; '),
    },
  ];
  if (canTest) {
    columns.push({
      name: 'Test',
      width: '180px',
      render: (c: NotifierChannelView) => (
        <EuiButton
          size="s"
          iconType="bell"
          isLoading={sending === c.name}
          isDisabled={sending !== undefined}
          onClick={() => void test(c.name)}
          aria-label={`Send test message to ${c.name}`}
          data-test-subj={`notifierTestButton-${c.name}`}
        >
          Send test message
        </EuiButton>
      ),
    });
  }

  return (
    <>
      <EuiText size="s" color="subdued">
        <p>
          Channels are configured in kibana.yml under <code>buffalogs.notifiers</code>; their addresses and secrets stay
          there.
          {canTest ? '' : ' Sending a test message needs the “All” privilege.'}
        </p>
      </EuiText>
      <EuiSpacer size="s" />
      <EuiBasicTable
        tableCaption="Notification channels of kibana.yml"
        items={channels}
        itemId="name"
        columns={columns}
        noItemsMessage="No channel: add one to buffalogs.notifiers in kibana.yml, or use a Kibana rule of type “BuffaLogs alerts”."
        rowProps={(c) => ({ 'data-test-subj': `notifierChannelRow-${c.name}` })}
        data-test-subj="notifierChannels"
      />
      {outcome && (
        <>
          <EuiSpacer size="s" />
          <OutcomeCallOut outcome={outcome} />
        </>
      )}
    </>
  );
}
