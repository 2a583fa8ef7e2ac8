import { fieldOf, formValues, ruleFromForm, sortServerErrors, splitServerMessage } from './rule_form_model';
import type { SequenceRuleInput } from '../../../common/sequence_rule';

const PORLOCK: SequenceRuleInput = {
  id: 'sequence_porlock',
  name: 'Password change after OTP login',
  identifier: 'user.name',
  first: 'otp login',
  direction: 'followed_by',
  match: 'any',
  events: ['password reset', { name: 'password change', outcome: 'success' }],
  period: { when: 'after', duration: '2d' },
  secondary: { event: 'password change', when: 'before', duration: '1h' },
  time_frame: '14d',
  severity: 'high',
  version: 3,
  enabled: true,
  description: '',
  reason: 'r',
};

test('a rule survives the form both ways, constraints included', () => {
  const back = ruleFromForm(formValues(PORLOCK));
  expect(back).toEqual({ ok: true, rule: PORLOCK });
});

test('an event line that starts like JSON but is not is refused on its field, before any request', () => {
  const values = { ...formValues(PORLOCK), events: 'password reset\n{"name": "password change",' };
  const r = ruleFromForm(values);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.errors.events).toMatch(/not one/);
});

test("the server's messages are split at each field, not inside a message", () => {
  expect(
    splitServerMessage(
      '[request body.rules.1.period.duration]: use 30s, 5m; or 1h; [request body.rules.1.id]: is required',
    ),
  ).toEqual([
    { path: 'rules.1.period.duration', problem: 'use 30s, 5m; or 1h' },
    { path: 'rules.1.id', problem: 'is required' },
  ]);
});

test('each path lands on the field that shows it', () => {
  expect(fieldOf('events.2.name')).toEqual({ field: 'events', detail: 'line 3 (name)' });
  expect(fieldOf('secondary.event.outcome')).toEqual({ field: 'secondary.event', detail: 'outcome' });
  expect(fieldOf('period')).toEqual({ field: 'period.duration' });
  expect(fieldOf('first.name')).toEqual({ field: 'first', detail: 'name' });
  expect(fieldOf('time_frame')).toEqual({ field: 'time_frame' });
  expect(fieldOf('colour')).toBeUndefined();
  expect(fieldOf('__proto__')).toBeUndefined();
});

test("only the edited rule's messages go onto the form; the others are listed", () => {
  const sorted = sortServerErrors(
    '[request body.rules.0.name]: is required; [request body.rules.2.match]: must be one of; ' +
      '[request body.rules.2.colour]: is not a rule field; [request body.rules.2]: is incomplete',
    2,
  );
  expect(sorted.fields).toEqual({ match: 'must be one of' });
  expect(sorted.general).toEqual([
    '[rules.0.name]: is required',
    '[rules.2.colour]: is not a rule field',
    '[rules.2]: is incomplete',
  ]);
});
