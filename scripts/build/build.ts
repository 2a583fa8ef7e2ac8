/**
 * `npm run build`: one installable zip per configured Kibana version (package.json `buffalogs.kibanaVersions`),
 * `build/<id>-<kibanaVersion>.zip` laid out as `kibana/<id>/...` — what `bin/kibana-plugin install` expects
 * (facts §1.4, §1.5). The zips differ only in kibana.json's `kibanaVersion`, which Kibana matches exactly.
 */
import { copyFileSync, createWriteStream, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { join, relative, sep } from 'path';
import { ZipFile } from 'yazl';
import { buildBrowserBundle } from './browser_bundle';
import { REPO_ROOT, readPackageJson, readRepoManifest, serializeKibanaJson, toKibanaJson } from './manifest';
import { copyProductionDeps } from './production_deps';
import { compileServer } from './server_compile';

export const BUILD_DIR = join(REPO_ROOT, 'build');
/** Fixed timestamps make the zips reproducible: same sources, same bytes. */
const ZIP_MTIME = new Date('2020-01-01T00:00:00Z');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

async function writeZip(stageDir: string, pluginId: string, kibanaJson: string, zipPath: string): Promise<void> {
  const zip = new ZipFile();
  const prefix = `kibana/${pluginId}/`;
  zip.addBuffer(Buffer.from(kibanaJson), `${prefix}kibana.json`, { mtime: ZIP_MTIME, mode: 0o100644 });
  for (const file of listFiles(stageDir).sort()) {
    const name = prefix + relative(stageDir, file).split(sep).join('/');
    zip.addFile(file, name, { mtime: ZIP_MTIME, mode: 0o100644 });
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolve).on('error', reject);
  });
}

/** Builds into `outDir` (default `build/`, which it empties first); returns the zip paths. */
export async function buildPlugin(outDir: string = BUILD_DIR): Promise<string[]> {
  const pkg = readPackageJson();
  const repo = readRepoManifest();
  const pluginId = repo.plugin.id;
  const kibanaVersions = pkg.buffalogs?.kibanaVersions ?? [];
  if (kibanaVersions.length === 0 || kibanaVersions.some((v) => !/^\d+\.\d+\.\d+$/.test(v))) {
    throw new Error(`package.json buffalogs.kibanaVersions must list exact x.y.z versions, got ${JSON.stringify(kibanaVersions)}`);
  }

  rmSync(outDir, { recursive: true, force: true });
  const stage = join(outDir, 'stage');
  mkdirSync(stage, { recursive: true });

  compileServer(stage);
  await buildBrowserBundle(pluginId, stage);
  copyProductionDeps(pkg.dependencies ?? {}, stage);
  // Only what Kibana needs to know: no scripts, no devDependencies (Kibana never runs npm for a plugin).
  const shippedPackageJson = {
    name: pluginId,
    version: pkg.version,
    description: repo.description,
    license: pkg.license,
    private: true,
    dependencies: pkg.dependencies ?? {},
  };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(shippedPackageJson, null, 2)}\n`);
  copyFileSync(join(REPO_ROOT, 'LICENSE'), join(stage, 'LICENSE'));

  const zips: string[] = [];
  for (const kibanaVersion of kibanaVersions) {
    // `version` is the package version: Kibana serves the bundle under /plugin/<id>/<version>/, so browsers only
    // fetch a new bundle when it changes — bump package.json's version for every release.
    const kibanaJson = serializeKibanaJson(toKibanaJson(repo, pkg.version, kibanaVersion));
    const zipPath = join(outDir, `${pluginId}-${kibanaVersion}.zip`);
    await writeZip(stage, pluginId, kibanaJson, zipPath);
    zips.push(zipPath);
  }
  rmSync(stage, { recursive: true, force: true });
  return zips;
}

if (require.main === module) {
  buildPlugin().then(
    (zips) => zips.forEach((z) => console.log(`built ${relative(REPO_ROOT, z)} (${statSync(z).size} bytes)`)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
