#!/usr/bin/env node
/**
 * `buffalogs` executable. The CLI is TypeScript (server/cli/) and runs without a build step: tsx (a devDependency,
 * present after `npm ci`) compiles it on the fly, with a cache, so a fresh clone only needs `npm ci`.
 */
'use strict';

require('tsx/cjs/api').register();
// Detection families declare their kibana.yml sections with @kbn/config-schema, which only Kibana provides: the CLI,
// a development tool that never ships, answers it with the same stand-in the dev host and the tests use.
require('../dev/host/kbn_module_resolution.ts');
const { main } = require('../server/cli/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`buffalogs: unexpected failure: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
