import { test } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { documentText } from '../../pipeline/model/document-text.ts';
import type { Finding } from '../../pipeline/model/types.ts';
import { occurrences } from './occurrences.ts';
import { defaultPolicy } from '../policy/load-policy.ts';
import { writeLabelledCorpus } from './labelled-corpus.ts';
import { evaluateRealDocuments, figures, readLabels, scoreDocument } from './real-documents.ts';
import { LINES_PER_PAGE, layOutText, readRealTextLabels, wrapLine, writeRealTexts } from './real-text.ts';

const realText = join(dirname(fileURLToPath(import.meta.url)), 'real-text');

// From the tenth batch on, texts are split by source (labelling guide, "Split by source"): parts of one court's pages,
// one gazette or one body's reports no longer fall into both halves, which made earlier held-out figures kinder. The
// batch is smaller (20 texts or more) and a half need not hold every sort of record or names to redact.
const SPLIT_BY_SOURCE_FROM = 10;

/** Each text's source id, from the "source id" column of its batch's PROVENANCE.md table. */
function sourceIds(): Map<string, string> {
  const ids = new Map<string, string>();
  for (const m of readFileSync(join(realText, 'PROVENANCE.md'), 'utf8').matchAll(/^\| ([a-z0-9-]+) \| [^|]+ \| ([a-z0-9-]+) \| [^|]+ \| [^|]+ \| [0-9a-f]{40} \|/gm)) ids.set(m[1], m[2]);
  return ids;
}

/** The guide's rule, recomputed: groups by source, sorted by kind (the first of their texts') then SHA-256 of the id, alternated. */
function checkSplitBySource(batch: number, these: ReturnType<typeof readRealTextLabels>): void {
  assert.ok(these.length >= 20 && these.length <= 60, `batch ${batch}: ${these.length} documents`);
  const ids = sourceIds();
  const groups = new Map<string, typeof these>();
  for (const l of these) {
    const id = ids.get(basename(l.file, '.txt'));
    assert.ok(id, `${l.file}: no source id in its provenance row`);
    groups.set(id, [...(groups.get(id) ?? []), l]);
  }
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const kindOf = (ls: typeof these) => ls.map((l) => l.kind).sort()[0];
  const order = [...groups.keys()].sort((a, b) => kindOf(groups.get(a)!).localeCompare(kindOf(groups.get(b)!)) || sha(a).localeCompare(sha(b)));
  order.forEach((id, i) => {
    for (const l of groups.get(id)!) assert.equal(l.split, i % 2 === 0 ? 'tune' : 'held-out', `${l.file}: source ${id} is group ${i + 1} by the rule`);
  });
  for (const split of ['tune', 'held-out'] as const) {
    const half = these.filter((l) => l.split === split);
    assert.ok(half.some((l) => l.redact.some((r) => r.kind === 'identifier')), `batch ${batch}, ${split} has identifiers to redact`);
    assert.ok(half.some((l) => l.redact.length === 0), `batch ${batch}, ${split} has documents with nothing to redact`);
  }
}

test('real texts: every stored text is labelled, matches its hash, has provenance, and each batch\'s split holds both halves of every sort', () => {
  const labels = readRealTextLabels(realText);
  const texts = readdirSync(join(realText, 'docs')).filter((f) => f.endsWith('.txt'));
  assert.deepEqual(labels.map((l) => l.file).sort(), texts.map((f) => `docs/${f}`).sort(), 'one label file per text and no label without its text');
  const batches = [...new Set(labels.map((l) => l.batch))].sort((a, b) => a - b);
  assert.ok(batches.length >= 5, `batches ${batches}`);
  assert.deepEqual(batches, batches.map((_, i) => i + 1), 'batches are numbered 1, 2, … without a gap');
  for (const batch of batches) {
    const these = labels.filter((l) => l.batch === batch);
    if (batch >= SPLIT_BY_SOURCE_FROM) {
      checkSplitBySource(batch, these);
      continue;
    }
    assert.ok(these.length >= 30 && these.length <= 60, `batch ${batch}: ${these.length} documents`);
    const tune = these.filter((l) => l.split === 'tune');
    const heldOut = these.filter((l) => l.split === 'held-out');
    assert.ok(Math.abs(tune.length - heldOut.length) <= these.length / 5, `batch ${batch}, about half each: ${tune.length} / ${heldOut.length}`);
    // each half mixes sorts of record, and each has private persons' data to find and documents with nothing to redact
    const sorts = (ls: typeof labels) => new Set(ls.map((l) => l.kind.replace(/ \(.*\)$/, '')));
    assert.ok(sorts(tune).size >= 5 && sorts(heldOut).size >= 5, `batch ${batch}: ${[...sorts(tune)]} / ${[...sorts(heldOut)]}`);
    for (const half of [tune, heldOut]) {
      for (const kind of ['name', 'identifier'] as const) assert.ok(half.some((l) => l.redact.some((r) => r.kind === kind)), `batch ${batch}, ${half[0].split} has ${kind}s to redact`);
      assert.ok(half.some((l) => l.redact.length === 0), `batch ${batch}, ${half[0].split} has documents with nothing to redact`);
    }
  }
  // a later batch is new material: no text of one batch is another's
  const hashes = labels.map((l) => l.sha256);
  assert.equal(new Set(hashes).size, hashes.length, 'no text stored twice');
});

test('real texts: every text keeps its words through layout and extraction, and every labelled string as often as the text has it', async () => {
  // a label the extraction never produces is scored as missed; a page whose words extraction rejects (comma-joined CSV
  // cells read as one token) loses all its text: both are faults of the data, caught here rather than in the figures
  const dropped: string[] = [];
  for (const l of readRealTextLabels(realText)) {
    const source = readFileSync(join(realText, l.file), 'utf8');
    const { bytes } = await layOutText(source);
    const read = await extractDocument({ bytes, fileName: basename(l.file, '.txt') + '.pdf' }, {});
    assert.ok(read.ok, l.file);
    const text = documentText(read.value).text;
    for (const p of read.value.pages) if (!p.text.trim()) dropped.push(`${l.file}: page ${p.number} has no text`);
    for (const x of [...l.redact, ...l.debatable]) {
      const want = occurrences(source, x.text, true).length;
      const got = occurrences(text, x.text, true).length;
      if (got !== want) dropped.push(`${l.file}: "${x.text}" ${want} times in the text, ${got} after extraction`);
    }
  }
  assert.deepEqual(dropped, []);
});

test('real texts: every document\'s provenance row names its repository, path and commit', () => {
  const rows = new Map(
    readFileSync(join(realText, 'PROVENANCE.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| file'))
      .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| | \|$/g, '').trim()))
      .map((cells) => [cells[0], cells] as const),
  );
  for (const l of readRealTextLabels(realText)) {
    const name = basename(l.file, '.txt');
    const cells = rows.get(name);
    assert.ok(cells, `${name}: a row of its own in PROVENANCE.md`);
    // from the tenth batch, a source id (for the split by source) stands after what the record is
    const bySource = l.batch >= SPLIT_BY_SOURCE_FROM;
    assert.equal(cells.length, bySource ? 7 : 6, `${name}: file, what it is,${bySource ? ' source id,' : ''} repository, path, commit, what was taken`);
    if (bySource) assert.match(cells[2], /^[a-z0-9-]+$/, `${name}: source id`);
    const [, what, repository, path, commit, taken] = bySource ? [cells[0], cells[1], ...cells.slice(3)] : cells;
    assert.ok(what && taken, `${name}: says what the record is and what was taken`);
    assert.match(repository, /^[\w.-]+\/[\w.-]+$/, `${name}: repository as owner/name`);
    assert.ok(path.length > 3, `${name}: path`);
    assert.match(commit, /^([0-9a-f]{40}|not recorded ¹)$/, `${name}: the commit it was taken at`);
  }
});

test('real texts: each batch has its own provenance section with a licence basis, and every document\'s row sits in its batch\'s section', () => {
  // sections start at headings like "## Fifth batch (`"batch": 5`)"; the first batch's rows come before any such heading
  const provenance = readFileSync(join(realText, 'PROVENANCE.md'), 'utf8');
  const starts = [...provenance.matchAll(/^## .*\(`"batch": (\d+)`\)\s*$/gm)].map((m) => ({ batch: Number(m[1]), at: m.index }));
  const sections = new Map<number, string>([[1, provenance.slice(0, starts[0]?.at ?? provenance.length)]]);
  starts.forEach((s, i) => sections.set(s.batch, provenance.slice(s.at, starts[i + 1]?.at ?? provenance.length)));
  const labels = readRealTextLabels(realText);
  const batches = [...new Set(labels.map((l) => l.batch))].sort((a, b) => a - b);
  assert.ok(batches.length >= 5, `batches ${batches}`);
  assert.deepEqual([...sections.keys()].sort((a, b) => a - b), batches, 'one provenance section per batch, and no section without labels');
  for (const [batch, section] of sections) assert.match(section, /\*\*Licence basis\.\*\*/, `batch ${batch}: its section says on what basis the texts may be kept`);
  for (const l of labels) {
    const name = basename(l.file, '.txt');
    assert.ok(sections.get(l.batch)?.includes(`| ${name} |`), `${name}: its provenance row is in batch ${l.batch}'s section`);
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
    const { batch: _, ...unbatched } = label;
    writeFileSync(join(dir, 'labels', `${name}.json`), JSON.stringify(unbatched));
    assert.throws(() => readRealTextLabels(dir), /batch \(which batch the text was split in\) is missing/);
    writeFileSync(join(dir, 'labels', `${name}.json`), JSON.stringify({ ...label, batch: 0 }));
    assert.throws(() => readRealTextLabels(dir), /batch must be a whole number from 1/);
    writeFileSync(join(dir, 'labels', `${name}.json`), JSON.stringify({ ...label, batch: '2' }));
    assert.throws(() => readRealTextLabels(dir), /batch must be a whole number from 1/);
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

test('a text the layout font cannot encode is refused naming the document, the line and the character', async () => {
  await assert.rejects(layOutText('Hatch Act factsheet\nThis one\u2010page factsheet'), /line 2: "\u2010" \(U\+2010\) is not in the layout font's character set/);
  await assert.doesNotReject(layOutText('Bank’s “quoted” – • ¹ é\ttab'), 'WinAnsi punctuation and accents lay out');
  const dir = mkdtempSync(join(tmpdir(), 'daylight-real-text-encoding-'));
  try {
    cpSync(realText, dir, { recursive: true });
    const name = 'azb-2-07-bk-05481-docket';
    const text = `${readFileSync(join(dir, 'docs', `${name}.txt`), 'utf8')}\nSee the one\u2010page notice.\n`;
    writeFileSync(join(dir, 'docs', `${name}.txt`), text);
    const label = JSON.parse(readFileSync(join(dir, 'labels', `${name}.json`), 'utf8'));
    writeFileSync(join(dir, 'labels', `${name}.json`), JSON.stringify({ ...label, sha256: createHash('sha256').update(text).digest('hex') }));
    await assert.rejects(writeRealTexts(dir, join(dir, 'out')), new RegExp(`^Error: ${name}: line \\d+: "\u2010"`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
    const stored = new Map(readRealTextLabels(realText).map((l) => [basename(l.file, '.txt'), l.batch]));
    for (const l of labels) assert.equal(l.batch, stored.get(basename(l.file, '.pdf')), `${l.file} keeps its batch`);
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

test('a corpus gathered in batches is scored per batch and split, and all batches together; labels that mix batched and unbatched are refused', async () => {
  const out = mkdtempSync(join(tmpdir(), 'daylight-batches-'));
  try {
    const plain = async (lines: string[]) => layOutText(lines.join('\n'));
    const one = await plain(['Agency audit summary', 'The State agency claimed $5,793,236 for expenditures that were not allowable.']);
    const two = await plain(Array.from({ length: LINES_PER_PAGE + 1 }, (_, i) => `Line ${i + 1} of a contract award list: Contract No. DTRT57-12-D-3000${i % 10}.`));
    const made = (name: string, doc: { bytes: Uint8Array; pages: number }, split: 'tune' | 'held-out', batch?: number) => ({ name, ...doc, split, ...(batch ? { batch } : {}), redact: [], debatable: [], notes: '' });
    const { corpusDir, labelsDir } = writeLabelledCorpus(out, [made('a', one, 'tune', 1), made('b', two, 'held-out', 1), made('c', one, 'held-out', 2)]);
    const r = await evaluateRealDocuments(corpusDir, labelsDir, defaultPolicy());
    assert.ok(r?.perBatch);
    assert.deepEqual(Object.keys(r.perBatch), ['1', '2']);
    assert.deepEqual([r.perBatch['1'].tune.documents, r.perBatch['1']['held-out'].documents, r.perBatch['1'].all.pages], [1, 1, 3]);
    assert.deepEqual([r.perBatch['2'].tune.documents, r.perBatch['2']['held-out'].documents, r.perBatch['2'].all.pages], [0, 1, 1]);
    assert.deepEqual([r.perSplit.tune.documents, r.perSplit['held-out'].documents, r.perSplit.all.pages], [1, 2, 4], 'all batches together');
    assert.deepEqual(r.perDocument.map((d) => [d.file, d.batch]), [['pdfs/a.pdf', 1]], 'only tuning documents are listed, with their batch');
    assert.deepEqual(Object.keys(r.tuneErrorKindsPerBatch ?? {}), ['1', '2'], 'error kinds of each batch\'s tuning half');
    assert.deepEqual(r.tuneErrorKindsPerBatch?.['2'], [], 'batch 2 has no tuning document, so no error kinds');
    const mixed = writeLabelledCorpus(out, [made('a', one, 'tune', 1), made('c', one, 'held-out')]);
    await assert.rejects(evaluateRealDocuments(mixed.corpusDir, mixed.labelsDir, defaultPolicy()), /some labels name a batch and some do not/);
    const unbatched = writeLabelledCorpus(out, [made('a', one, 'tune'), made('c', one, 'held-out')]);
    assert.equal((await evaluateRealDocuments(unbatched.corpusDir, unbatched.labelsDir, defaultPolicy()))?.perBatch, undefined, 'a corpus gathered at once has no per-batch figures');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('each batch and each half is detected apart: an identifier found in one is not copied by batch consistency into another\'s document', async () => {
  const out = mkdtempSync(join(tmpdir(), 'daylight-batch-consistency-'));
  try {
    const a = await layOutText('Claimant: Maria Medina, Social Security Number 372-41-8806, date of birth 04/12/1961.');
    const b = await layOutText('Minutes of the water board. Item 4: the easement 372418806 was approved without objection.');
    const made = (name: string, doc: { bytes: Uint8Array; pages: number }, batch: number, split: 'tune' | 'held-out') => ({ name, ...doc, split, batch, redact: [], debatable: [], notes: '' });
    // only tuning documents are listed one by one, so the minutes (b) are always a tuning document
    const findingsOfB = async (batchOfA: number, splitOfA: 'tune' | 'held-out') => {
      const { corpusDir, labelsDir } = writeLabelledCorpus(out, [made('a', a, batchOfA, splitOfA), made('b', b, 1, 'tune')]);
      const r = await evaluateRealDocuments(corpusDir, labelsDir, defaultPolicy());
      return r?.perDocument.find((d) => d.file === 'pdfs/b.pdf')?.findings;
    };
    // the oracle first: in one batch and half, consistency copies the claimant's validated SSN to its bare digits in the minutes
    assert.ok((await findingsOfB(1, 'tune'))! >= 1, 'in the same batch and half the identifier reaches the other document');
    assert.equal(await findingsOfB(2, 'tune'), 0, 'from another batch it does not');
    assert.equal(await findingsOfB(1, 'held-out'), 0, 'from a held-out document it does not reach a tuning one of the same batch');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
