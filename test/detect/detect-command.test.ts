import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../pipeline/cli/main.ts';
import type { Io } from '../../pipeline/cli/command.ts';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { tempDir } from '../support/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');
const samples = join(root, 'samples', 'documents');

function io(): Io & { out: string; err: string } {
  const o = { out: '', err: '', stderrIsTTY: false, cwd: root } as Io & { out: string; err: string };
  o.stdout = (t) => void (o.out += t);
  o.stderr = (t) => void (o.err += t);
  return o;
}

test('--json prints one JSON object with every finding in full, and nothing else on stdout', async () => {
  const x = io();
  const code = await main(['detect', join(samples, 'personnel-roster.pdf'), '--json', '--no-ocr', '-q'], x);
  assert.equal(code, 0, x.err);
  const parsed = JSON.parse(x.out);
  const findings = parsed.documents[0].findings;
  assert.ok(findings.some((f: { category: string; text: string }) => f.category === 'personal.ssn' && f.text === '412-68-3927'));
  assert.ok(findings.every((f: { exemption: string; why: string[]; boxes: unknown[] }) => f.exemption && f.why.length > 0 && f.boxes.length > 0));
  assert.equal(x.out.trim().split('\n').length, 1);
});

test('the table masks matched text but for its first character', async () => {
  const x = io();
  const code = await main(['detect', join(samples, 'personnel-roster.pdf'), '--no-ocr', '-q'], x);
  assert.equal(code, 0, x.err);
  assert.match(x.out, /personal\.ssn\s+\(b\)\(6\)\s+ssn/);
  assert.doesNotMatch(x.out, /412-68-3927/);
  assert.match(x.out, /\s4•{10}\s/);
});

test('several files are one batch: a name found in one is found in the other', async () => {
  // a note that names an employee of the roster only by a bare lower-case surname, which alone proves nothing
  const dir = tempDir('daylight-detect-');
  const note = join(dir, 'note.pdf');
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([612, 792]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText('follow-up: payroll left a message for haddad about the stubs.', { x: 72, y: 700, size: 11, font });
  writeFileSync(note, await pdf.save());
  const alone = io();
  assert.equal(await main(['detect', note, '--json', '--no-ocr', '-q'], alone), 0, alone.err);
  assert.ok(!JSON.parse(alone.out).documents[0].findings.some((f: { text: string }) => f.text === 'haddad'));
  const x = io();
  const code = await main(['detect', join(samples, 'personnel-roster.pdf'), note, '--json', '--no-ocr', '-q'], x);
  assert.equal(code, 0, x.err);
  const parsed = JSON.parse(x.out);
  assert.equal(parsed.documents.length, 2);
  const hit = (parsed.documents[1].findings as { detector: string; text: string; why: string[] }[]).find((f) => f.text === 'haddad');
  assert.ok(hit, 'the surname is found in the note because the roster names him');
  assert.equal(hit.detector, 'consistency');
  assert.match(hit.why[0], /personnel-roster\.pdf p\.1/);
});

test('a policy edit changes the result without code changes', async () => {
  const dir = tempDir('daylight-detect-');
  const policyFile = join(dir, 'office.yaml');
  const { readFileSync } = await import('node:fs');
  const base = readFileSync(join(root, 'redaction/policy/us-foia.yaml'), 'utf8');
  writeFileSync(policyFile, base.replace('personal.ssn: { action: redact, exemption: b6 }', 'personal.ssn: { action: keep, exemption: b6 }').replace('deny: []', 'deny:\n  - { text: Equipment Operator, category: government.internal-id, note: test }'));
  const x = io();
  const code = await main(['detect', join(samples, 'personnel-roster.pdf'), '--json', '--no-ocr', '-q', '--policy', policyFile], x);
  assert.equal(code, 0, x.err);
  const findings = JSON.parse(x.out).documents[0].findings as { category: string; detector: string; text: string }[];
  assert.ok(!findings.some((f) => f.category === 'personal.ssn'));
  assert.ok(findings.some((f) => f.detector === 'deny-list' && f.text === 'Equipment Operator'));
});

test('a broken policy exits 2 with policy.invalid naming line and field', async () => {
  const dir = tempDir('daylight-detect-');
  const policyFile = join(dir, 'bad.yaml');
  writeFileSync(policyFile, 'name: x\njurisdiction: y\nexemptions: {}\ncategories:\n  personal.name: { action: erase, exemption: b6 }\n');
  const x = io();
  const code = await main(['detect', join(samples, 'memo.pdf'), '--policy', policyFile, '-q'], x);
  assert.equal(code, 2);
  assert.match(x.err, /bad\.yaml:5: categories\.personal\.name\.action: must be one of redact, review, keep\. \[policy\.invalid\]/);
  assert.equal(x.out, '');
});

test('an unreadable file fails that file only (exit 1); the others are still detected', async () => {
  const x = io();
  const code = await main(['detect', join(samples, 'malformed', 'zero-byte.pdf'), join(samples, 'memo.pdf'), '--json', '--no-ocr', '-q'], x);
  assert.equal(code, 1);
  const parsed = JSON.parse(x.out);
  assert.equal(parsed.documents.length, 1);
  assert.deepEqual(parsed.failed, [{ file: join(samples, 'malformed', 'zero-byte.pdf'), problem: 'input.empty' }]);
  assert.match(x.err, /input\.empty/);
});
