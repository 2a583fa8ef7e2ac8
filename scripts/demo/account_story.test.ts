import { BUILTIN_RULES } from '../../server/families/sequence/builtin_rules';
import { runSequences } from '../../server/families/sequence/engine';
import { normalizeSequenceEvent, type SequenceEvent } from '../../server/families/sequence/sequence_event';
import { emptySequenceState } from '../../server/families/sequence/state';
import { validateRules } from '../../server/families/sequence/validate_rule';
import { porlockStory, STORY_USER, type StoryEvent } from './account_story';
import { rng } from './generate_logins';

const DAY = 86_400_000;
const NOW = Date.parse('2025-03-20T12:00:00Z');
const rules = (() => {
  const v = validateRules([...BUILTIN_RULES]);
  if (!v.ok) throw new Error(v.errors.join('\n'));
  return v.rules;
})();
const judge = (docs: StoryEvent[]) => {
  const events = docs.map((d, i) => {
    const r = normalizeSequenceEvent({ _id: d.event.id, _index: 'demo', _source: d }, [
      'user.name',
      'user.target.name',
    ]);
    if (!r.ok) throw new Error(`event ${i}: ${r.reason}`);
    return r.event;
  }) as SequenceEvent[];
  return runSequences({ rules, events, state: emptySequenceState(), watermark: NOW, now: NOW }).alerts;
};

test("the demo account's story fires the built-in OTP rule once, with the day-6 steps in order", () => {
  const alerts = judge(porlockStory({ start: NOW - 8 * DAY, rng: rng(42) }));
  expect(alerts.map((a) => a.rule.id)).toEqual(['sequence_porlock_otp_password_change']);
  const evidence = alerts[0].buffalogs.evidence;
  expect(alerts[0].buffalogs.entity).toEqual({ field: 'user.name', value: STORY_USER });
  expect(evidence.kind === 'sequence' && evidence.events.map((e) => [e.role, e.action])).toEqual([
    ['first', 'otp_login'],
    ['match', 'user.account.reset_password'],
    ['match', 'user.account.update_password'],
    ['secondary', 'user.account.update_password'],
  ]);
});

test('day 0 alone (token login and the required change) is not flagged', () => {
  expect(judge(porlockStory({ start: NOW - 8 * DAY }).slice(0, 2))).toEqual([]);
});
