import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const url = (path: string) => JSON.stringify(join(root, path));

test('a text PDF is extracted and released (a labelled box drawn) without loading sharp or fontkit; each loads when first needed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daylight-lazy-sharp-'));
  try {
    const png = join(dir, 'scan.png');
    await writeFile(png, await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ffffff' } }).png().toBuffer());
    // A fresh process records every module it loads, before and after the first image and the first label beyond the glyph table.
    const script = `
      import { registerHooks } from 'node:module';
      import { readFileSync } from 'node:fs';
      const seen = [];
      registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
      const { textPdf } = await import(${url('pipeline/extract/test-pdfs.ts')});
      const { extractDocument } = await import(${url('pipeline/extract/extract-document.ts')});
      const { writeRedacted } = await import(${url('redaction/write/write-redacted.ts')});
      const { defaultPolicy } = await import(${url('redaction/policy/load-policy.ts')});
      const bytes = await textPdf([['Witness Jane Roe saw the truck.', 'Nothing else happened.']]);
      const extracted = await extractDocument({ bytes, fileName: 'w.pdf' }, {});
      if (!extracted.ok) throw new Error(extracted.problem.message);
      const word = extracted.value.pages[0].words.find((w) => w.text === 'Roe');
      const redactions = [{ id: 'r1', category: 'personal.name', exemption: 'b6', reason: 'a name', decision: 'accepted', boxes: [{ page: 1, box: word.box }], from: { findings: [] } }];
      const written = await writeRedacted({ bytes, fileName: 'w.pdf' }, extracted.value, redactions, defaultPolicy(), { surgical: true });
      if (!written.ok) throw new Error(written.problem.message);
      const paths = written.value.log.pages.map((p) => p.path + (p.path === "surgical" ? "" : ": " + p.reason));
      const before = seen.length;
      const image = await extractDocument({ bytes: new Uint8Array(readFileSync(${JSON.stringify(png)})), fileName: 'scan.png' }, {});
      await (await import(${url('redaction/write/label.ts')})).prepareLabels(['§ 6']);
      process.stdout.write(JSON.stringify({ paths, labels: written.value.log.entries.map((e) => e.code), before: seen.slice(0, before), after: seen.slice(before), image: image.ok }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: root });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { paths: string[]; labels: string[]; before: string[]; after: string[]; image: boolean };
    const isSharp = (u: string) => /node_modules\/(sharp|@img)\//.test(u);
    const isFontkit = (u: string) => /node_modules\/@pdf-lib\/fontkit\//.test(u);
    assert.deepEqual(out.paths, ['surgical'], 'the page took the surgical path (a raster page would need sharp)');
    assert.deepEqual(out.labels, ['(b)(6)'], 'a box with its code was drawn');
    assert.ok(out.image, 'the PNG was read');
    assert.ok(out.after.some(isSharp), 'decoding the PNG loaded sharp: the check sees a load');
    assert.ok(out.after.some(isFontkit), 'a label beyond the table loaded fontkit: the check sees a load');
    assert.deepEqual(out.before.filter((u) => isSharp(u) || isFontkit(u)), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
