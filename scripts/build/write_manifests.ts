/** `npm run manifests`: regenerate kibana.json from kibana.jsonc and package.json's version. */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT, committedKibanaJson, serializeKibanaJson } from './manifest';

const target = join(REPO_ROOT, 'kibana.json');
writeFileSync(target, serializeKibanaJson(committedKibanaJson()));
console.log(`wrote ${target}`);
