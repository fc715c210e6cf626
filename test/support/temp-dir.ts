import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
let hooked = false;

/**
 * A fresh folder under the temp folder, removed when the test process exits.
 * Removal waits for the exit (not `after`) because fixtures are shared by many
 * tests of a file and some tests leave workspaces open until the end; `node
 * --test` runs each file in a process of its own, so this is once per file.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}
