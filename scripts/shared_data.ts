/**
 * Where the project's shared, real data lives: `shared/` beside the repository (as laid out for the developers and
 * for CI, which clones the repository next to a copy of it). `BUFFALOGS_SHARED_DIR` points elsewhere.
 */
import { join, resolve } from 'node:path';

export const SHARED_DIR = process.env.BUFFALOGS_SHARED_DIR ?? resolve(__dirname, '..', '..', 'shared');

/** Three real days of a public server's Apache logs (SecRepo; see its SOURCE.md). */
export const WEB_ACCESS_DIR = join(SHARED_DIR, 'data', 'web-access');
