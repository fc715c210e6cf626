/**
 * The stage list loads detection's modules (compromise and its lexicons) only when
 * detection is wanted, not with the list: `daylight batch` starts its threads sooner,
 * and a scaled batch, whose workers detect, never loads them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('the stage list does not load detection; loadDetection does', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daylight-stages-'));
  try {
    // A module hook in a fresh process names every detection module as it is resolved.
    // Written at once (writeSync): the hooks run on a thread of their own, and a buffered line could come after the main thread's.
    await writeFile(join(dir, 'hook.mjs'), `import { writeSync } from 'node:fs';\nexport async function resolve(s, c, n) { const r = await n(s, c); if (/compromise|redaction\\/detect\\//.test(r.url)) writeSync(2, 'LOADED ' + r.url + '\\n'); return r; }\n`);
    await writeFile(join(dir, 'register.mjs'), `import { register } from 'node:module'; register(new URL('./hook.mjs', import.meta.url));\n`);
    await writeFile(
      join(dir, 'main.mjs'),
      `const stages = await import(${JSON.stringify(new URL('./stages.ts', import.meta.url).href)});
       process.stderr.write('STAGES LOADED\\n');
       await stages.loadDetection();
       process.stderr.write('DETECTION LOADED\\n');\n`,
    );
    const { stderr } = await run(process.execPath, ['--import', join(dir, 'register.mjs'), join(dir, 'main.mjs')]);
    const [beforeStages, afterStages] = stderr.split('STAGES LOADED');
    assert.ok(afterStages, stderr);
    assert.doesNotMatch(beforeStages, /LOADED .*(compromise|redaction\/detect)/, 'nothing of detection loads with the stage list');
    assert.match(afterStages.split('DETECTION LOADED')[0], /LOADED .*compromise/, 'loadDetection loads compromise');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
