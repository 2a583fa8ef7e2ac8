/**
 * The `--state` file: every user's `UserState`, and the default profile's population context (what it learned across
 * users: the organisation's networks, how common each country and AS is), so consecutive runs continue where the
 * last one stopped (the same things the Kibana task keeps in its state and context indices). One JSON document; written to a temporary file and renamed, so an
 * interrupted run never leaves a half-written state behind.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { ProfileName } from '../../common/alert_document';
import { readUserState, type UserState } from '../detection';

export const STATE_FILE_FORMAT = 'buffalogs-cli-state';

interface StateFileJson {
  format: typeof STATE_FILE_FORMAT;
  version: 1;
  /** The profile the states were built with; the two profiles keep different baselines. */
  profile: ProfileName;
  users: Record<string, UserState>;
  /** PopulationContext.snapshot(); absent in files written before it was kept (the context then starts empty). */
  population?: unknown;
}

export interface StateFile {
  states: Map<string, UserState>;
  /** The stored population snapshot, unchecked (PopulationContext.restore validates it). */
  population?: unknown;
}

/** The states in the file, or none when it does not exist yet. Throws with a clear message otherwise. */
export async function readStateFile(file: string, profile: ProfileName): Promise<StateFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { states: new Map() };
    throw error;
  }
  let json: Partial<StateFileJson>;
  try {
    json = JSON.parse(text) as Partial<StateFileJson>;
  } catch (error) {
    throw new Error(`--state ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (
    json.format !== STATE_FILE_FORMAT ||
    json.version !== 1 ||
    typeof json.users !== 'object' ||
    json.users === null ||
    // A list is an object too: read as one, its users were "0", "1"… and every real user started afresh.
    Array.isArray(json.users)
  ) {
    throw new Error(`--state ${file} is not a buffalogs state file (version 1)`);
  }
  if (json.profile !== profile) {
    throw new Error(`--state ${file} was built with --profile ${json.profile}; use that profile or another state file`);
  }
  const states = new Map<string, UserState>();
  for (const [user, state] of Object.entries(json.users)) {
    // A state written by an earlier version is upgraded as it is read (and saved in the current shape).
    const readable = readUserState(state);
    if (!readable)
      throw new Error(`--state ${file}: the state of user "${user}" is not a user state this version can read`);
    states.set(user, readable);
  }
  return { states, population: json.population };
}

export async function writeStateFile(
  file: string,
  profile: ProfileName,
  states: ReadonlyMap<string, UserState>,
  population?: unknown,
): Promise<void> {
  // Object.fromEntries defines own properties: `users[user] = …` on a plain object set its prototype for a user
  // named "__proto__", who then vanished from the file.
  const users: Record<string, UserState> = Object.fromEntries(
    [...states.keys()].sort().map((user) => [user, states.get(user)!]),
  );
  const json: StateFileJson = {
    format: STATE_FILE_FORMAT,
    version: 1,
    profile,
    users,
    ...(population !== undefined ? { population } : {}),
  };
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(json)}\n`);
  await rename(temporary, file);
}
