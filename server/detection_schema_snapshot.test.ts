/**
 * The detection settings derived from the table (common/detection_config_table.ts) accept and reject exactly what the
 * hand-written ones did: on every corpus case, the API validator's errors, the resolved settings' error and the
 * message Kibana prints for `buffalogs.detection` (or the value it keeps) equal the recorded answers.
 */
import { parseDetectionConfigOverrides, resolveDetectionConfig } from '../common/detection_config';
import { detectionSchema } from './config_sections';
import recorded from './__fixtures__/detection_settings_corpus.json';
import { corpus, outcomes } from './__fixtures__/detection_settings_corpus';

/**
 * Leaves added to the table since the recording (issue 12): the corpus generates cases for every leaf, but these have
 * no recorded answer to compare with; their validation is tested with the verdict's settings
 * (common/detection_config.test.ts, server/config_sections.test.ts) and their names in the "known" list below.
 */
const ADDED_LEAVES = [
  'verdict.weightUnfamiliarAddress',
  'verdict.carrierMobileShare',
  // The per-user habit model (server/detection/verdict/user_model.ts).
  'verdict.weightUnusualForUser',
  'verdict.unusualThreshold',
  'verdict.unusualMinLogins',
  'verdict.unusualHalfLifeDays',
  'verdict.incidentMinutes',
];
/** Issue 12's risk score model: its switch, half-life and levels (tested on their own below). */
const ADDED_RISK_LEAVES = [
  'risk.model',
  'risk.halfLifeDays',
  'risk.scoreLowAt',
  'risk.scoreMediumAt',
  'risk.scoreHighAt',
];
const cases = corpus().filter(
  (c) => ![...ADDED_LEAVES, ...ADDED_RISK_LEAVES].some((leaf) => c.name.startsWith(`${leaf}#`)),
);

/**
 * The one answer that moved, and why: Kibana prints only the first failing key, in schema order. The hand-written
 * schema listed `verdict.rareShare` after `travellerFactor`; the table keeps the validator's order (rareShare after
 * groundSpeedKmh), which the API's "known: …" message and error order depend on. With both keys wrong, Kibana now
 * names the other one first; each key alone fails with the same message as before (cases `verdict.rareShare#…`).
 */
const MOVED: Record<string, unknown> = {
  'two errors, order': {
    api: ['verdict.rareShare: must be at most 1', 'verdict.groundSpeedKmh: must be at least 1'],
    resolve:
      'Invalid detection settings: verdict.rareShare: must be at most 1; verdict.groundSpeedKmh: must be at least 1',
    kibana: '[buffalogs.detection.verdict.groundSpeedKmh]: Value must be equal to or greater than [1].',
  },
};

/**
 * Settings added since the recording (issue 12: the unfamiliar-address signal, carrier learning, incidents): the validator's
 * "unknown setting; known: …" message lists them, in the table's order; every other answer is unchanged.
 */
const ADDED_AFTER = 'weightStolenSession, ';
const ADDED =
  'weightUnfamiliarAddress, carrierMobileShare, weightUnusualForUser, unusualThreshold, unusualMinLogins, unusualHalfLifeDays, ';
const RISK_KNOWN = 'alertAtLevel, retentionDays, recomputeOn';
const RISK_ADDED = ', model, halfLifeDays, scoreLowAt, scoreMediumAt, scoreHighAt';
/** Issue 12's incidents: `incidentMinutes` is the verdict's last setting, so it ends the "known: …" list. */
const LAST_BEFORE = ', orgMinUsersPerPrefix"';
const ADDED_LAST = ', incidentMinutes';
const withAdded = (answer: unknown): unknown =>
  JSON.parse(
    JSON.stringify(answer)
      .split(ADDED_AFTER)
      .join(ADDED_AFTER + ADDED)
      .split(RISK_KNOWN)
      .join(RISK_KNOWN + RISK_ADDED)
      .split(LAST_BEFORE)
      .join(LAST_BEFORE.replace('"', `${ADDED_LAST}"`)),
  );

/**
 * Kibana's answer to a key named like one of Object.prototype's (`constructor`, `toString`), which moved when the dev
 * host's config-schema stand-in was made to look keys up as the object's own, as Joi does: it had found them `in`
 * every object, kept nothing and answered a value; Kibana refuses them as unknown, as our API validator always did.
 */
const PROTOTYPE_NAMED = /^(?:top |([A-Za-z]+)\.)(constructor|toString)$/;
const movedKibana = (name: string, answer: unknown): unknown => {
  const named = PROTOTYPE_NAMED.exec(name);
  if (!named) return answer;
  const path = ['buffalogs.detection', named[1], named[2]].filter(Boolean).join('.');
  return { ...(answer as object), kibana: `[${path}]: definition for this key is missing` };
};

/**
 * A minimum travel distance beyond 20,038 km (no two places on Earth are farther apart) is refused since the table
 * bounded it: it turned impossible travel off without a word. The recorded answer for those cases was "ok".
 */
const MAX_DISTANCE_KM = 20038;
const movedDistance = (input: string, answer: unknown): unknown => {
  const value = JSON.parse(input) as { impossibleTravel?: { minDistanceKm?: unknown } } | null;
  const km = value?.impossibleTravel?.minDistanceKm;
  if (typeof km !== 'number' || !(km > MAX_DISTANCE_KM) || (answer as { api?: unknown }).api !== 'ok') return answer;
  const message = `impossibleTravel.minDistanceKm: must be at most ${MAX_DISTANCE_KM}`;
  return {
    api: [message],
    resolve: `Invalid detection settings: ${message}`,
    kibana: `[buffalogs.detection.impossibleTravel.minDistanceKm]: Value must be equal to or lower than [${MAX_DISTANCE_KM}].`,
  };
};

test('the corpus covers every case recorded, and only those', () => {
  expect(cases.map((c) => c.name)).toEqual(Object.keys(recorded.cases));
  expect(cases.length).toBeGreaterThan(3000);
});

test.each(cases.map((c) => [c.name, c.input] as const))('%s: %s answers as before', (name, input) => {
  const now = outcomes(input, parseDetectionConfigOverrides, resolveDetectionConfig, detectionSchema);
  expect(now).toEqual(
    MOVED[name] ??
      movedDistance(
        input,
        movedKibana(name, withAdded(recorded.outcomes[recorded.cases[name as keyof typeof recorded.cases]])),
      ),
  );
});

test.each(ADDED_LEAVES)(
  '%s, added since the recording, refuses what is not a number in range, in the API and kibana.yml',
  (leaf) => {
    const key = leaf.split('.')[1];
    for (const bad of [true, 'x', null, {}, -1]) {
      expect(parseDetectionConfigOverrides({ verdict: { [key]: bad } }).ok).toBe(false);
      expect(() => detectionSchema.validate({ verdict: { [key]: bad } })).toThrow(new RegExp(key));
    }
    expect(parseDetectionConfigOverrides({ verdict: { [key]: 0.5 } }).ok).toBe(true);
  },
);

describe('the risk score settings, added since the recording', () => {
  test.each([
    ['halfLifeDays', [true, 'x', null, {}, -1, 0, 5000], 14],
    ['scoreLowAt', [true, 'x', null, {}, 0, 101], 5],
    ['scoreMediumAt', [true, 'x', null, {}, 0, 101], 40],
    ['scoreHighAt', [true, 'x', null, {}, 0, 101], 90],
    ['model', [true, 1, null, 'alert_sum', ''], 'alert_count'],
  ] as const)('risk.%s refuses what is out of its kind, in the API and kibana.yml', (key, bads, good) => {
    for (const bad of bads) {
      expect(parseDetectionConfigOverrides({ risk: { [key]: bad } }).ok).toBe(false);
      expect(() => detectionSchema.validate({ risk: { [key]: bad } })).toThrow(new RegExp(key));
    }
    expect(parseDetectionConfigOverrides({ risk: { [key]: good } }).ok).toBe(true);
    expect(detectionSchema.validate({ risk: { [key]: good } })).toMatchObject({ risk: { [key]: good } });
  });

  test('score levels must rise, in the overrides and once merged', () => {
    expect(parseDetectionConfigOverrides({ risk: { scoreLowAt: 40, scoreMediumAt: 30 } })).toEqual({
      ok: false,
      errors: [{ path: 'risk.scoreMediumAt', message: 'must be greater than risk.scoreLowAt' }],
    });
    expect(() => resolveDetectionConfig('default', { risk: { scoreHighAt: 20 } })).toThrow(
      /risk score levels must rise: scoreLowAt 10 < scoreMediumAt 30 < scoreHighAt 20/,
    );
    expect(() => detectionSchema.validate({ risk: { scoreHighAt: 20 } })).toThrow(/risk score levels must rise/);
  });
});
