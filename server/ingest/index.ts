export { LOGIN_SOURCE_FIELDS, loginQuery, windowRange, type LoginFilter, type Query } from './login_query';
export { MAX_PARTITIONS, normaliseUserName, partitionOf, partitionsProblem } from './partition';
export { PointInTime } from './point_in_time';
export { windowUserNames, type WindowUser } from './window_users';
export { windowKeys } from './window_keys';
export { ownedUsers, spellingCandidates, type SpellingCandidates } from './user_variants';
export { readBatchEvents, HIT_FILTER_PATH, type BatchEvents } from './batch_events';
export { dispatched, readSliced, type Hit, type SlicedReadOptions } from './sliced_read';
export {
  windowIdentities,
  identitySpellingsQuery,
  PERSON_EXISTS,
  PERSON_FIELDS,
  type WindowIdentity,
} from './window_identities';
