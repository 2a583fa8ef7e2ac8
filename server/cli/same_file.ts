/**
 * A command's output path that names one of its own files: `--output` opened for writing truncates an `--input` it
 * has not read yet (the log is gone and the run reports 0 lines), a `--report` written at the end replaces the input
 * it was computed from, and `--state` written after the alerts replaces them. Refused before anything is opened.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export interface NamedPath {
  /** The option that names it (`--input`). */
  option: string;
  /** The path as given; undefined, `-` (stdin/stdout) and built-in names are not files. */
  path: string | undefined;
}

/** A file's identity: device and inode for an existing regular file (a hard link, a symlink, `./x` and `x` are one
 * file), else the absolute path. Devices and pipes (`/dev/null`, `/dev/stdout`) are no files one could lose. */
function identity(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? `${stat.dev}:${stat.ino}` : undefined;
  } catch {
    return `path:${resolve(path)}`;
  }
}

/** The first output that is an input or an earlier output, as a sentence; undefined when every output is its own. */
export function sameFileProblem(inputs: readonly NamedPath[], outputs: readonly NamedPath[]): string | undefined {
  const seen: Array<NamedPath & { id: string }> = [];
  for (const named of inputs) {
    const id = named.path !== undefined && named.path !== '-' ? identity(named.path) : undefined;
    if (id !== undefined) seen.push({ ...named, id });
  }
  for (const named of outputs) {
    const id = named.path !== undefined && named.path !== '-' ? identity(named.path) : undefined;
    if (id === undefined) continue;
    const other = seen.find((s) => s.id === id);
    if (other)
      return `${named.option} ${named.path} is the same file as ${other.option} ${other.path}; writing it would destroy it`;
    seen.push({ ...named, id });
  }
  return undefined;
}
