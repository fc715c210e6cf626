/**
 * Non-negotiable 2, as a test: the verifier shares no code that judges with the writer.
 * The runtime import closures of the verifier's modules (redaction/verify/**) and the
 * writer's (redaction/write/**) may meet only in the short list below of modules that
 * judge nothing: a shared judgment would hide its own mistakes from the check meant to
 * catch them. Type-only imports load no code and do not count.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { closure, runtimeImports, runtimeModules } from './import-closure.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What both sides may load, each for a reason: none of these looks at a PDF, a word or a pixel.
 * Adding a module here needs the same reason; a module that decides anything about content never belongs.
 */
const SHARED_PLUMBING: Record<string, string> = {
  'pipeline/model/types.ts': 'the document model: type declarations only',
  'pipeline/model/raster.ts': 'the shape of a gray raster: a type only',
  'pipeline/problems.ts': 'problem codes, their messages, and the Result type (ok/fail)',
  'pipeline/stage-times.ts': 'CPU and wall time per named stage, for `--stages`',
  'pipeline/extract/limits.ts': 'resource bounds: most pages, most pixels a render may hold, and the scale that fits them',
  'pipeline/extract/standard-widths.ts': 'a table of the standard fonts\' advance widths (Adobe AFM data) and its lookup',
  'pipeline/threads/stray-errors.ts': 'routes an unhandled rejection to whoever claims it, so one file cannot end the process',
};

const verifierRoots = () => runtimeModules(root, 'redaction/verify');
const writerRoots = () => runtimeModules(root, 'redaction/write');

/** Modules both closures load, with the chain of imports that reaches each from either side. */
async function sharedModules(verifier: string[], writer: string[], base = root) {
  const v = await closure(base, verifier);
  const w = await closure(base, writer);
  return [...v.keys()].filter((m) => w.has(m)).map((m) => ({ module: m, verifier: v.get(m)!.join(' > '), writer: w.get(m)!.join(' > ') }));
}

test('the verifier and the writer share no module but the plumbing listed', async () => {
  const verifier = verifierRoots();
  const writer = writerRoots();
  assert.ok(verifier.includes('redaction/verify/verify-pdf.ts') && writer.includes('redaction/write/write-redacted.ts'), 'the roots were not found: the test would prove nothing');
  const shared = await sharedModules(verifier, writer);
  // The closures do reach the plumbing: were they empty, the check below would pass on nothing.
  assert.ok(shared.some((s) => s.module === 'pipeline/stage-times.ts'), 'the closures never meet, not even at stage-times.ts (both time their stages): the import reader is broken');
  const judged = shared.filter((s) => !(s.module in SHARED_PLUMBING));
  assert.deepEqual(judged, [], `shared with the writer:\n${judged.map((s) => `${s.module}\n  verifier: ${s.verifier}\n  writer:   ${s.writer}`).join('\n')}`);
});

test('the verifier never loads the writer, and the writer never loads the verifier', async () => {
  const fromVerifier = [...(await closure(root, verifierRoots())).entries()].filter(([m]) => m.startsWith('redaction/write/'));
  assert.deepEqual(fromVerifier.map(([, chain]) => chain.join(' > ')), []);
  const fromWriter = [...(await closure(root, writerRoots())).entries()].filter(([m]) => m.startsWith('redaction/verify/'));
  assert.deepEqual(fromWriter.map(([, chain]) => chain.join(' > ')), []);
});

test('the import reader follows what loads at run time and skips what does not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'closure-'));
  try {
    mkdirSync(join(dir, 'v'));
    mkdirSync(join(dir, 'w'));
    const files: Record<string, string> = {
      'v/check.ts': [
        "import type { Shape } from '../shapes.ts';",
        "import { type Other } from '../other.ts';",
        "export type { Third } from '../third.ts';",
        "export { relay } from '../relay.ts';",
        "const later = () => import('../late.ts');",
        "const child = new URL('../child.mjs', import.meta.url);",
        "export const judge = (s: Shape, o: Other): boolean => Boolean(s && o && later && child);",
      ].join('\n'),
      'w/write.ts': "import { judged } from '../judgment.ts';\nimport { relay } from '../relay.ts';\nexport const w = judged && relay;",
      'shapes.ts': 'export type Shape = { a: number };',
      'other.ts': 'export type Other = { b: number };',
      'third.ts': 'export type Third = { c: number };',
      'relay.ts': "export { judged as relay } from './judgment.ts';",
      'judgment.ts': 'export const judged = true;',
      'late.ts': 'export const late = 1;',
      'child.mjs': "import './grandchild.mjs';",
      'grandchild.mjs': 'export {};',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const edges = (await runtimeImports(dir, 'v/check.ts')).map((e) => `${e.how} ${e.to}`).sort();
    assert.deepEqual(edges, ['dynamic late.ts', 'entry child.mjs', 'static relay.ts']);
    const reached = [...(await closure(dir, ['v/check.ts'])).keys()].sort();
    assert.deepEqual(reached, ['child.mjs', 'grandchild.mjs', 'judgment.ts', 'late.ts', 'relay.ts', 'v/check.ts']);
    // A judgment reached through a re-export is shared, and is found.
    const shared = await sharedModules(['v/check.ts'], ['w/write.ts'], dir);
    assert.deepEqual(shared.map((s) => s.module).sort(), ['judgment.ts', 'relay.ts']);
    writeFileSync(join(dir, 'v/bad.ts'), "const name = 'x'; export const f = () => import(`../${name}.ts`);");
    await assert.rejects(runtimeImports(dir, 'v/bad.ts'), /computed specifier/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
