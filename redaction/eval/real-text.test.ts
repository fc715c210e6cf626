import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { documentText } from '../../pipeline/model/document-text.ts';
import type { Finding } from '../../pipeline/model/types.ts';
import { occurrences } from './occurrences.ts';
import { figures, readLabels, scoreDocument } from './real-documents.ts';
import { LINES_PER_PAGE, layOutText, readRealTextLabels, wrapLine, writeRealTexts } from './real-text.ts';

const realText = join(dirname(fileURLToPath(import.meta.url)), 'real-text');

test('real texts: every stored text is labelled, matches its hash, has provenance, and the split holds both halves of every sort', () => {
  const labels = readRealTextLabels(realText);
  const texts = readdirSync(join(realText, 'docs')).filter((f) => f.endsWith('.txt'));
  assert.deepEqual(labels.map((l) => l.file).sort(), texts.map((f) => `docs/${f}`).sort(), 'one label file per text and no label without its text');
  assert.ok(labels.length >= 30 && labels.length <= 60, `${labels.length} documents`);
  const tune = labels.filter((l) => l.split === 'tune');
  const heldOut = labels.filter((l) => l.split === 'held-out');
  assert.ok(Math.abs(tune.length - heldOut.length) <= labels.length / 5, `about half each: ${tune.length} / ${heldOut.length}`);
  // each half mixes sorts of record, and each has private persons' data to find
  const sorts = (ls: typeof labels) => new Set(ls.map((l) => l.kind.replace(/ \(.*\)$/, '')));
  assert.ok(sorts(tune).size >= 5 && sorts(heldOut).size >= 5, `${[...sorts(tune)]} / ${[...sorts(heldOut)]}`);
  for (const half of [tune, heldOut]) {
    for (const kind of ['name', 'identifier'] as const) assert.ok(half.some((l) => l.redact.some((r) => r.kind === kind)), `${half[0].split} has ${kind}s to redact`);
    assert.ok(half.some((l) => l.redact.length === 0), `${half[0].split} has documents with nothing to redact`);
  }
});

test('real texts: a changed text, a label the text lacks or a missing provenance row is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-real-text-'));
  try {
    cpSync(realText, dir, { recursive: true });
    assert.doesNotThrow(() => readRealTextLabels(dir));
    const name = 'azb-2-07-bk-05481-docket';
    const label = JSON.parse(readFileSync(join(dir, 'labels', `${name}.json`), 'utf8'));
    writeFileSync(join(dir, 'labels', `${name}.json`), JSON.stringify({ ...label, redact: [...label.redact, { text: 'Nobody Here', kind: 'name', why: '' }] }));
    assert.throws(() => readRealTextLabels(dir), /"Nobody Here" does not occur/);
    writeFileSync(join(dir, 'labels', `${name}.json`), JSON.stringify(label));
    writeFileSync(join(dir, 'docs', `${name}.txt`), `${readFileSync(join(dir, 'docs', `${name}.txt`), 'utf8')} `);
    assert.throws(() => readRealTextLabels(dir), /no longer matches the hash/);
    cpSync(join(realText, 'docs', `${name}.txt`), join(dir, 'docs', `${name}.txt`));
    const provenance = readFileSync(join(dir, 'PROVENANCE.md'), 'utf8');
    writeFileSync(join(dir, 'PROVENANCE.md'), provenance.replace(`| ${name} |`, '| renamed |'));
    assert.throws(() => readRealTextLabels(dir), /no row in PROVENANCE/);
    writeFileSync(join(dir, 'PROVENANCE.md'), provenance);
    writeFileSync(join(dir, 'labels', `${name}.json`), JSON.stringify({ ...label, split: 'both' }));
    assert.throws(() => readRealTextLabels(dir), /split must be/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('wrapLine keeps lines within the width, breaks at spaces, keeps indentation and cuts only words wider than a line', () => {
  const measure = (s: string) => s.length;
  assert.deepEqual(wrapLine('one two three four', 9, measure), ['one two', 'three', 'four']);
  assert.deepEqual(wrapLine('    indented words here', 14, measure), ['    indented', 'words here']);
  assert.deepEqual(wrapLine('a\tb', 10, measure), ['a    b']);
  assert.deepEqual(wrapLine('x https://example.org/a/very/long/path', 10, measure), ['x', 'https://ex', 'ample.org/', 'a/very/lon', 'g/path']);
  assert.deepEqual(wrapLine('', 10, measure), ['']);
  for (const line of wrapLine('The Veteran had active duty service in the United States Marine Corps from September 1965 to September 1969.', 30, measure)) assert.ok(line.length <= 30, line);
});

test('layOutText makes 50-line Letter pages whose extracted words are the text\'s, and the same bytes each time', async () => {
  const lines = Array.from({ length: LINES_PER_PAGE + 3 }, (_, i) => `Line ${i + 1}: Requester Torreance, Terry asked for 38 C.F.R. § 4.130 records.`);
  const { bytes, pages } = await layOutText(lines.join('\n'));
  assert.equal(pages, 2);
  assert.deepEqual((await layOutText(lines.join('\n'))).bytes, bytes, 'deterministic, so the corpus cache holds');
  const read = await extractDocument({ bytes, fileName: 'x.pdf' }, {});
  assert.ok(read.ok);
  assert.equal(read.value.pages.length, 2);
  assert.deepEqual(read.value.pages.map((p) => [p.width, p.height]), [[612, 792], [612, 792]]);
  const text = documentText(read.value).text;
  assert.equal(occurrences(text, 'Torreance, Terry').length, LINES_PER_PAGE + 3);
  assert.match(read.value.pages[1].text, /Line 51:/);
  assert.doesNotMatch(read.value.pages[0].text, /Line 51:/);
  assert.deepEqual(text.split(/\s+/).filter(Boolean), lines.join(' ').split(/\s+/));
});

test('the laid-out corpus scores through the real-documents path: labels found in the extracted text, findings right, debatable or wrong, real pages counted', async () => {
  const out = mkdtempSync(join(tmpdir(), 'daylight-real-text-out-'));
  try {
    writeFileSync(join(out, 'stale.json'), '{}');
    await writeRealTexts(realText, out);
    writeFileSync(join(out, 'labels', 'renamed-since.json'), '{}');
    const made = await writeRealTexts(realText, out);
    assert.ok(made);
    const labels = readLabels(made.labelsDir);
    assert.equal(labels.length, readRealTextLabels(realText).length);
    const l = labels.find((x) => x.file === 'pdfs/azb-2-07-bk-05481-docket.pdf');
    assert.ok(l);
    const read = await extractDocument({ bytes: new Uint8Array(readFileSync(join(made.corpusDir, l.file))), fileName: l.file }, {});
    assert.ok(read.ok);
    assert.equal(read.value.pages.length, l.pages);
    const text = documentText(read.value).text;
    const at = (needle: string, category: string): Finding => {
      const [[start, end]] = occurrences(text, needle, true);
      return { id: needle, detector: 'test', category, exemption: 'b6', action: 'review', score: 0.9, text: text.slice(start, end), why: [], start, end, boxes: [] };
    };
    const scored = scoreDocument(l, read.value, [at('3946 E BECKER LANE', 'personal.address'), at('GUILLERMO RICARDO DE LA VARA', 'personal.name'), at('EDWARD J. MANEY', 'personal.name')]);
    assert.deepEqual(scored.findings.map((f) => f.verdict), ['right', 'debatable', 'wrong']);
    assert.deepEqual(scored.labels.filter((x) => x.found).map((x) => x.text), ['3946 E BECKER LANE']);
    assert.ok(scored.labels.every((x) => x.inText), 'every labelled string survives layout and extraction');
    const f = figures([scored]);
    assert.equal(f.pages, l.pages);
    assert.equal(f.identifiers.labelled, 3);
    assert.equal(f.identifiers.found, 1);
    assert.equal(f.names.wrong, 1);
    assert.equal(f.debatable, 1, 'the debtor\'s name is counted apart, as debatable');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
