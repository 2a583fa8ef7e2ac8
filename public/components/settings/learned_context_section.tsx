import React from 'react';
import {
  EuiBadge,
  EuiBasicTable,
  EuiCallOut,
  EuiFlexGrid,
  EuiFlexItem,
  EuiPanel,
  EuiSpacer,
  EuiText,
  EuiTitle,
  type EuiBasicTableColumn,
} from '@elastic/eui';
import type {
  LearnedCarrier,
  LearnedContextResponse,
  LearnedCount,
  LearnedList,
  LearnedNetwork,
} from '../../../common/learned_context';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { formatNumber, formatTime } from '../shared/format';
import { PageError } from '../shared/page_error';

/** Where the overrides are, in this page's words (settings_fields.ts labels). */
const OVERRIDE_HINT =
  'Not trusted explicitly: "Trusted networks" and "Trusted AS numbers" on this page override what was learned.';

// Neutral colours: the text says it, and EUI's coloured badges fail the contrast check (axe, test/e2e).
const KIND_LABEL: Record<LearnedNetwork['kind'], { text: string; color: string }> = {
  office: { text: 'Office / NAT', color: 'hollow' },
  egress: { text: 'Egress (VPN concentrator)', color: 'hollow' },
  rotating_exit: { text: 'VPN service exit — not trusted', color: 'default' },
};

const usersText = (n: { users: number; saturated: boolean }) => `${formatNumber(n.users)}${n.saturated ? '+' : ''}`;

const networkColumns: Array<EuiBasicTableColumn<LearnedNetwork>> = [
  { field: 'prefix', name: 'Network', render: (p: string) => <code>{p}</code> },
  { field: 'users', name: 'Colleagues', render: (_: unknown, n: LearnedNetwork) => usersText(n) },
  {
    field: 'kind',
    name: 'Treated as',
    render: (kind: LearnedNetwork['kind']) => (
      <EuiBadge color={KIND_LABEL[kind].color}>{KIND_LABEL[kind].text}</EuiBadge>
    ),
  },
  {
    field: 'reason',
    name: 'Why',
    render: (reason: string, n: LearnedNetwork) => (
      <EuiText size="xs">
        {reason}
        {n.trusted ? (
          <p>Also trusted explicitly in Settings.</p>
        ) : n.kind !== 'rotating_exit' ? (
          <p>{OVERRIDE_HINT}</p>
        ) : null}
      </EuiText>
    ),
  },
  { field: 'lastSeen', name: 'Last seen', render: (t?: string) => formatTime(t) },
];

const carrierColumns: Array<EuiBasicTableColumn<LearnedCarrier>> = [
  { field: 'asn', name: 'AS number', render: (asn: number) => `AS${asn}` },
  { field: 'mobileShare', name: 'Logins on phones', render: (s: number) => `${formatNumber(s * 100)} %` },
  { field: 'logins', name: 'Logins counted', render: (n: number) => formatNumber(n) },
  {
    field: 'trusted',
    name: 'Explicitly trusted',
    render: (t: boolean) => (t ? 'Yes (Trusted AS numbers)' : 'No'),
  },
];

const countColumns = (what: string, trusted: boolean): Array<EuiBasicTableColumn<LearnedCount>> => [
  { field: 'value', name: what, render: (v: string) => (what === 'AS number' ? `AS${v}` : v) },
  { field: 'users', name: 'Colleagues', render: (_: unknown, c: LearnedCount) => usersText(c) },
  ...(trusted
    ? [
        {
          field: 'trusted',
          name: 'Explicitly trusted',
          render: (t?: boolean) => (t ? 'Yes (Trusted AS numbers)' : 'No'),
        },
      ]
    : []),
];

function LearnedTable<T extends object>(props: {
  title: string;
  about: string;
  caption: string;
  list: LearnedList<T>;
  columns: Array<EuiBasicTableColumn<T>>;
  empty: string;
  testSubj: string;
}) {
  const { list } = props;
  return (
    <>
      <EuiTitle size="xxs">
        <h3>{props.title}</h3>
      </EuiTitle>
      <EuiText size="xs" color="subdued">
        <p>
          {props.about}
          {list.total > list.items.length ? ` Showing the ${list.items.length} most used of ${list.total}.` : ''}
        </p>
      </EuiText>
      <EuiBasicTable
        tableCaption={`${props.caption} (${list.total})`}
        items={list.items}
        columns={props.columns}
        noItemsMessage={props.empty}
        data-test-subj={props.testSubj}
      />
    </>
  );
}

function LearnedContextBody({ data }: { data: LearnedContextResponse }) {
  const t = data.thresholds;
  return (
    <>
      {data.message && (
        <EuiCallOut
          size="s"
          color={data.learned ? 'warning' : 'primary'}
          title={data.message}
          data-test-subj="learnedContextMessage"
        />
      )}
      <EuiText size="s">
        <p>
          Learned from the logins with no configuration: {formatNumber(data.population)} users counted
          {data.updatedAt ? `, last updated ${formatTime(data.updatedAt)}` : ''}. A /24 or /48 that{' '}
          {t.orgMinUsersPerPrefix} or more colleagues log in from is the organisation&apos;s network; an AS with at
          least {formatNumber(t.carrierMobileShare * 100)} % of its logins (out of {t.carrierMinLogins}) on phones is a
          mobile carrier; a country or AS fewer than {formatNumber(t.rareShare * 100, 1)} % of colleagues use is rare
          (once {t.minPopulation} users are known).
        </p>
      </EuiText>
      <EuiSpacer size="m" />
      <LearnedTable
        title="Organisation networks"
        about={
          'Logins from these are not evidence of travel or novelty. An egress is where colleagues arrive from ' +
          'abroad faster than any journey; a VPN service exit is shared with strangers, so it is never trusted.'
        }
        caption="Networks many colleagues log in from"
        list={data.networks}
        columns={networkColumns}
        empty="No network yet has enough colleagues."
        testSubj="learnedNetworksTable"
      />
      <EuiSpacer size="m" />
      <LearnedTable
        title="Mobile carriers"
        about="Phones share these carriers' addresses with strangers: never the organisation's network."
        caption="Autonomous systems whose logins are mostly from phones"
        list={data.carriers}
        columns={carrierColumns}
        empty="No mobile carrier learned yet."
        testSubj="learnedCarriersTable"
      />
      <EuiSpacer size="m" />
      <EuiFlexGrid columns={2}>
        <EuiFlexItem>
          <LearnedTable
            title="Countries"
            about="How many colleagues log in from each: a country nobody else uses weighs more."
            caption="Countries by colleagues"
            list={data.countries}
            columns={countColumns('Country', false)}
            empty="No country counted yet."
            testSubj="learnedCountriesTable"
          />
        </EuiFlexItem>
        <EuiFlexItem>
          <LearnedTable
            title="Autonomous systems"
            about="How many colleagues log in from each: an AS nobody else uses weighs more."
            caption="Autonomous systems by colleagues"
            list={data.asns}
            columns={countColumns('AS number', true)}
            empty="No AS counted yet."
            testSubj="learnedAsnsTable"
          />
        </EuiFlexItem>
      </EuiFlexGrid>
    </>
  );
}

/**
 * Settings › Learned context (issue 12): what detection learned from the data in this space — the organisation's
 * networks, VPN services' exits, mobile carriers, the population's countries and ASes — and what overrides it.
 */
export function LearnedContextSection() {
  const { api } = useServices();
  const { state, reload } = useFetch((signal) => api.learnedContext(signal), [api]);
  return (
    <EuiPanel hasBorder data-test-subj="learnedContextSection">
      <EuiTitle size="xs">
        <h2>Learned context</h2>
      </EuiTitle>
      <EuiSpacer size="s" />
      {state.status === 'error' ? (
        <PageError title="Could not load what detection learned" message={state.error} onRetry={reload} />
      ) : state.data ? (
        <LearnedContextBody data={state.data} />
      ) : (
        <EuiText size="s" color="subdued">
          <p>Loading what detection learned…</p>
        </EuiText>
      )}
    </EuiPanel>
  );
}
