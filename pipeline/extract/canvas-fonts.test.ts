import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs a module snippet in a fresh Node (the font list is per process) and returns what it printed, parsed. */
function inFreshProcess(code: string): unknown {
  const env = { ...process.env };
  delete env.DISABLE_SYSTEM_FONTS_LOAD;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', env });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

const canvasOf = `const { createRequire } = await import('node:module'); const canvas = createRequire(import.meta.url)('@napi-rs/canvas');`;

test('loading pdf.js leaves the system fonts unscanned until a canvas is made, then registers the same ones the canvas package would', () => {
  const plain = inFreshProcess(`${canvasOf} console.log(JSON.stringify(canvas.GlobalFonts.families));`) as unknown[];
  if (plain.length === 0) return assert.ok(true, 'no system fonts installed: nothing to compare');
  const deferred = inFreshProcess(
    `await import('./pipeline/extract/pdfjs.ts'); ${canvasOf}
     const before = canvas.GlobalFonts.families;
     canvas.createCanvas(2, 2);
     console.log(JSON.stringify({ before, after: canvas.GlobalFonts.families }));`,
  ) as { before: unknown[]; after: unknown[] };
  assert.deepEqual(deferred.before, [], 'importing pdf.js scanned the system fonts');
  assert.deepEqual(deferred.after, plain, 'the fonts registered on the first canvas differ from what the package registers itself');
});

test('a render through pdf.js draws with the system fonts registered', () => {
  const families = inFreshProcess(
    `const { openPdf } = await import('./pipeline/extract/pdfjs.ts');
     const { textPdf } = await import('./pipeline/extract/test-pdfs.ts');
     const opened = await openPdf(await textPdf([['hello']]));
     const page = await opened.value.page(1);
     await page.render(30);
     await opened.value.close();
     ${canvasOf}
     console.log(JSON.stringify(canvas.GlobalFonts.families));`,
  ) as unknown[];
  const plain = inFreshProcess(`${canvasOf} console.log(JSON.stringify(canvas.GlobalFonts.families));`);
  assert.deepEqual(families, plain);
});

test('the redact command and a task thread load the package first, before the verifier\'s pdf.js reader could', () => {
  for (const entry of ['./redaction/redact-file.ts', './redaction/release.ts']) {
    // A task thread imports canvas-fonts.ts first (worker.ts), then the task's modules.
    const first = entry.endsWith('release.ts') ? `await import('./pipeline/extract/canvas-fonts.ts');` : '';
    const families = inFreshProcess(`${first} await import('${entry}'); ${canvasOf} console.log(JSON.stringify(canvas.GlobalFonts.families));`);
    assert.deepEqual(families, [], `${entry} scanned the system fonts on import`);
  }
});
