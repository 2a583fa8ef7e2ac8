import { act, fireEvent, screen, within } from '@testing-library/react';
import { API_PATHS, type SequenceDryRunResponse, type SequenceRulesResponse } from '../../../common/api';
import type { SequenceRuleInput } from '../../../common/sequence_rule';
import { httpError, mountApp, silenceLegacyRootWarnings } from '../../test_support/mount_app';

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const BUILTIN: SequenceRuleInput = {
  id: 'sequence_porlock_otp_password_change',
  name: 'Password reset and change days after a one-time-token login',
  reason: 'A help-desk one-time token lets someone in without the password.',
  enabled: true,
  version: 1,
  identifier: 'user.name',
  first: 'otp login',
  direction: 'followed_by',
  match: 'any',
  events: ['password reset', 'password change'],
  period: { when: 'after', duration: '2d' },
  secondary: { event: 'password change', when: 'before', duration: '1h' },
  time_frame: '14d',
  severity: 'high',
};
const OWN: SequenceRuleInput = {
  id: 'sequence_vpn_then_admin',
  name: 'Admin role after VPN login',
  reason: 'Own rule',
  enabled: false,
  version: 4,
  identifier: 'user.name',
  first: 'login',
  direction: 'followed_by',
  match: 'any',
  events: ['role granted'],
  period: { when: 'before', duration: '1h' },
  time_frame: '1h',
  severity: 'medium',
};
const LIST: SequenceRulesResponse = {
  version: 7,
  updated_by: 'elastic',
  updated_at: '2024-05-01T00:00:00Z',
  rules: [OWN],
  builtin_disabled: [],
  builtin: [BUILTIN],
  effective: [
    { id: BUILTIN.id, name: BUILTIN.name, enabled: true, builtin: true, rule: BUILTIN },
    { id: OWN.id, name: OWN.name, enabled: false, builtin: false, rule: OWN },
  ],
};
const routes = { [`GET ${API_PATHS.sequenceRules}`]: () => LIST };
const putBody = (calls: Array<{ method: string; body?: unknown }>) =>
  calls.find((c) => c.method === 'PUT')?.body as { rules: SequenceRuleInput[]; builtin_disabled: string[] };

test('lists built-in and own rules with their state, reason and version; a switch disables a built-in', async () => {
  const { calls } = await mountApp('/sequence_rules', {
    ...routes,
    [`PUT ${API_PATHS.sequenceRules}`]: () => ({ ...LIST, version: 8 }),
  });
  const builtin = await screen.findByTestId(`sequenceRuleRow-${BUILTIN.id}`);
  expect(builtin.textContent).toContain('Built-in');
  expect(builtin.textContent).toContain('help-desk one-time token');
  const own = screen.getByTestId(`sequenceRuleRow-${OWN.id}`);
  expect(own.textContent).toContain('Custom');
  expect(own.textContent).toContain('4');
  expect(within(own).getByRole('switch').getAttribute('aria-checked')).toBe('false');
  await act(async () => fireEvent.click(within(builtin).getByRole('switch')));
  expect(putBody(calls)).toEqual({ rules: [OWN], builtin_disabled: [BUILTIN.id], expected_version: 7 });
});

test("each rule links to the Alerts list filtered on that rule's alerts", async () => {
  const { history } = await mountApp('/sequence_rules', routes);
  const own = await screen.findByTestId(`sequenceRuleRow-${OWN.id}`);
  fireEvent.click(within(own).getByTestId('sequenceRuleAlertsLink'));
  expect(history.location.pathname).toBe('/alerts');
  expect(history.location.search).toBe(`?sequence_rule=${OWN.id}`);
});

test("the server's 400 lands on the fields it names; the saved rule gets the next version", async () => {
  const { calls } = await mountApp('/sequence_rules', {
    ...routes,
    [`PUT ${API_PATHS.sequenceRules}`]: () => {
      throw httpError(
        400,
        '[request body.rules.1.period.duration]: "2 days" is not a duration (30s, 5m, 1h, 2d, 1w); ' +
          '[request body.rules.1.events.1]: "password reset" is listed twice',
      );
    },
  });
  fireEvent.click(within(await screen.findByTestId(`sequenceRuleRow-${BUILTIN.id}`)).getByText('Edit'));
  fireEvent.change(screen.getByTestId('sequenceRuleField-period.duration'), { target: { value: '2 days' } });
  fireEvent.change(screen.getByTestId('sequenceRuleField-events'), {
    target: { value: 'password reset\npassword reset' },
  });
  await act(async () => fireEvent.click(screen.getByTestId('sequenceRuleSave')));

  const sent = putBody(calls);
  expect(sent.rules.map((r) => r.id)).toEqual([OWN.id, BUILTIN.id]);
  expect(sent.rules[1]).toMatchObject({ period: { when: 'after', duration: '2 days' }, version: 2 });
  const period = screen.getByTestId('sequenceRuleRow-period.duration');
  expect(period.textContent).toContain('"2 days" is not a duration');
  expect(within(period).getByRole('textbox').getAttribute('aria-invalid')).toBe('true');
  expect(screen.getByTestId('sequenceRuleRow-events').textContent).toContain(
    'line 2: "password reset" is listed twice',
  );
  // Nothing else is marked, and the callout counts the fields to fix.
  expect(screen.getByTestId('sequenceRuleRow-time_frame').textContent).not.toMatch(/not a duration|listed/);
  expect(screen.getByTestId('sequenceRuleRefused').textContent).toContain('2 field(s)');
  // The editor stays open with the user's input.
  expect((screen.getByTestId('sequenceRuleField-period.duration') as HTMLInputElement).value).toBe('2 days');
});

test('the JSON editor refuses broken JSON where it is, and saves what it holds', async () => {
  const { calls } = await mountApp('/sequence_rules', {
    ...routes,
    [`PUT ${API_PATHS.sequenceRules}`]: () => ({ ...LIST, version: 8 }),
  });
  fireEvent.click(within(await screen.findByTestId(`sequenceRuleRow-${OWN.id}`)).getByText('Edit'));
  fireEvent.click(screen.getByTestId('sequenceRuleTab-json'));
  const json = screen.getByTestId('sequenceRuleJson') as HTMLTextAreaElement;
  expect(JSON.parse(json.value)).toMatchObject({ id: OWN.id, events: ['role granted'] });
  fireEvent.change(json, { target: { value: '{"id": "sequence_vpn_then_admin",' } });
  await act(async () => fireEvent.click(screen.getByTestId('sequenceRuleSave')));
  expect(screen.getByTestId('sequenceRuleForm').textContent).toMatch(/Not valid JSON/);
  expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  // Neither can the form be opened on it: the draft would be lost.
  fireEvent.click(screen.getByTestId('sequenceRuleTab-form'));
  expect(screen.queryByTestId('sequenceRuleField-id')).toBeNull();

  fireEvent.change(json, { target: { value: JSON.stringify({ ...OWN, time_frame: '2h', enabled: true }) } });
  fireEvent.click(screen.getByTestId('sequenceRuleTab-form'));
  expect((screen.getByTestId('sequenceRuleField-time_frame') as HTMLInputElement).value).toBe('2h');
  await act(async () => fireEvent.click(screen.getByTestId('sequenceRuleSave')));
  expect(putBody(calls).rules).toEqual([{ ...OWN, description: '', time_frame: '2h', enabled: true, version: 5 }]);
});

test('a dry run shows the alerts with their events in order, and its 400 lands on the field', async () => {
  const dry: SequenceDryRunResponse = {
    from: '2024-05-01T00:00:00Z',
    to: '2024-05-08T00:00:00Z',
    events: 5,
    truncated: false,
    rejected: 0,
    total_alerts: 1,
    per_rule: [],
    alerts: [
      {
        '@timestamp': '2024-05-07T10:00:00Z',
        event: { kind: 'alert', category: ['iam'], type: ['info'], risk_score: 73, severity: 73 },
        rule: { id: BUILTIN.id, name: BUILTIN.name, description: '', ruleset: 'buffalogs', version: '1' },
        message: 'otp login followed by password reset',
        buffalogs: {
          family: 'sequence',
          entity: { field: 'user.name', value: 'dana' },
          alert_id: 'x1',
          sort_key: 1,
          severity: 'high',
          trigger: { event_id: 'e3', index: 'logs' },
          reason: '',
          status: 'open',
          evidence: {
            kind: 'sequence',
            rule: { ...BUILTIN, secondary: undefined, version: 1, events: ['password reset'] } as never,
            events: [
              {
                role: 'first',
                name: 'otp login',
                action: 'otp_login',
                '@timestamp': '2024-05-01T10:00:00Z',
                event_id: 'e1',
                index: 'logs',
              },
              {
                role: 'match',
                name: 'password reset',
                action: 'user.account.reset_password',
                '@timestamp': '2024-05-07T09:50:00Z',
                event_id: 'e2',
                index: 'logs',
              },
              {
                role: 'secondary',
                name: 'password change',
                action: 'user.account.update_password',
                '@timestamp': '2024-05-07T10:00:00Z',
                event_id: 'e3',
                index: 'logs',
              },
            ],
            match_count: 1,
            matched_names: ['password reset'],
            window: { start: '2024-05-03T10:00:00Z', end: '2024-05-15T10:00:00Z' },
          },
        },
      },
    ],
  };
  let fail = true;
  const { calls } = await mountApp(
    '/sequence_rules',
    {
      ...routes,
      [`POST ${API_PATHS.sequenceRulesDryRun}`]: () => {
        if (fail) throw httpError(400, '[request body.rules.0.identifier]: must be an ECS field path');
        return dry;
      },
    },
    { canSave: false },
  );
  fireEvent.click(within(await screen.findByTestId(`sequenceRuleRow-${BUILTIN.id}`)).getByText('View'));
  fireEvent.change(screen.getByTestId('sequenceDryRunDays'), { target: { value: '30' } });
  await act(async () => fireEvent.click(screen.getByTestId('sequenceDryRunButton')));
  expect(screen.getByTestId('sequenceRuleRow-identifier').textContent).toContain('must be an ECS field path');
  fail = false;
  await act(async () => fireEvent.click(screen.getByTestId('sequenceDryRunButton')));
  expect(calls.at(-1)!.body).toMatchObject({ days: 30, rules: [{ id: BUILTIN.id, enabled: true }] });
  const alert = await screen.findByTestId('sequenceDryRunAlert');
  expect(alert.textContent).toContain('user.name = dana');
  expect(
    within(alert)
      .getAllByTestId('sequenceDryRunEvent')
      .map((r) => r.textContent),
  ).toEqual([
    expect.stringMatching(/initial.*otp_login/),
    expect.stringMatching(/matched.*user\.account\.reset_password/),
    expect.stringMatching(/secondary.*user\.account\.update_password/),
  ]);
  expect(screen.getByTestId('sequenceDryRunSummary').textContent).toContain('No alert was written');
});

test('without the "All" privilege the rules are read-only: no save, new rule, import or switches', async () => {
  await mountApp('/sequence_rules', routes, { canSave: false });
  await screen.findByTestId(`sequenceRuleRow-${OWN.id}`);
  expect(screen.queryByTestId('sequenceRuleNew')).toBeNull();
  expect(screen.queryByTestId('sequenceImportOpen')).toBeNull();
  expect(screen.queryAllByRole('switch')).toHaveLength(0);
  fireEvent.click(within(screen.getByTestId(`sequenceRuleRow-${OWN.id}`)).getByText('View'));
  expect(screen.queryByTestId('sequenceRuleSave')).toBeNull();
  expect((screen.getByTestId('sequenceRuleField-name') as HTMLInputElement).disabled).toBe(true);
});

test("porlock's list is imported and the conversion notes are shown", async () => {
  const { calls } = await mountApp('/sequence_rules', {
    ...routes,
    [`POST ${API_PATHS.sequenceRulesImport}`]: () => ({
      ...LIST,
      version: 8,
      imported: ['sequence_password_change_after_otp_login'],
      notes: ['"user" read as user.name'],
    }),
  });
  fireEvent.click(await screen.findByTestId('sequenceImportOpen'));
  const porlock = [
    'Password Change After OTP Login',
    'otp login',
    'followed by',
    'any',
    ['password change'],
    'after',
    '2d',
    'user',
    ['password change'],
    'before',
    '1h',
    '14d',
    '30d',
  ];
  fireEvent.change(screen.getByTestId('sequenceImportText'), { target: { value: JSON.stringify(porlock) } });
  await act(async () => fireEvent.click(screen.getByTestId('sequenceImportButton')));
  expect(calls.at(-1)!.body).toEqual({ document: porlock, expected_version: 7 });
  expect(screen.getByTestId('sequenceImportResult').textContent).toContain('read as user.name');
});
