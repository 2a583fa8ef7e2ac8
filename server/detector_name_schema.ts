/**
 * A detector as every filter of alerts names it: the alerts list's `detector`, a notifier channel's `detectors`
 * (kibana.yml) and the "BuffaLogs alerts" rule's `detectors`. A fixed detector's id or a sequence rule's id
 * (common/api.ts isDetectorFilter). A rule's display name ("Impossible Travel") matches no alert: a channel or rule
 * naming one sent nothing, silently, and a summary's link could not carry it. Refused with the accepted forms instead.
 */
import { schema } from '@kbn/config-schema';
import { isDetectorFilter } from '../common/api';
import { DETECTOR_IDS } from '../common/constants';
import { RULE_LIMITS } from './families/sequence/validate_rule';

/** The longest detector name: a sequence rule's id, or a fixed detector's if one were longer. */
const DETECTOR_MAX_LENGTH = Math.max(RULE_LIMITS.idLength, ...DETECTOR_IDS.map((id) => id.length));

export const detectorName = schema.string({
  minLength: 1,
  maxLength: DETECTOR_MAX_LENGTH,
  validate: (value) =>
    isDetectorFilter(value)
      ? undefined
      : `expected one of [${DETECTOR_IDS.join(', ')}] or a sequence rule id ` +
        `("sequence" then a-z, 0-9, "_", "-", "."), got [${value.slice(0, 64)}]: a detector's id, not its name`,
});
