/**
 * `daylight demo --no-serve`, the README's main job, on a small folder: the
 * whole path runs, a bad file fails alone, approved documents reach the portal
 * and what the truth file says to remove is nowhere in the built site.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const documents = join(root, 'samples', 'documents');
const truth = JSON.parse(readFileSync(join(root, 'samples', 'truth.json'), 'utf8')) as {
  files: Record<string, { redact: { text: string }[]; keep: { text: string }[] }>;
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

test('demo --no-serve runs batch → approve → publish on a folder and publishes only redacted releases', { timeout: 600_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'daylight-demo-test-'));
  try {
    const input = join(work, 'in');
    mkdirSync(input);
    const picked = ['benefits-letter.pdf', 'personnel-roster.pdf'];
    for (const f of picked) copyFileSync(join(documents, f), join(input, f));
    writeFileSync(join(input, 'empty.pdf'), '');
    const out = join(work, 'out');

    const run = spawnSync(process.execPath, [join(root, 'bin', 'daylight.mjs'), 'demo', '--no-serve', '--json', '--quiet', '--input', input, '--out', out], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as {
      workspaceDir: string;
      approved: string[];
      notApproved: { file: string; code: string }[];
      approver: { name: string; password?: string };
      batch: { documents: { failed: number } };
      published: { documents: number };
      siteDir: string;
    };
    assert.equal(result.approver.password, undefined, 'the password is for people, not for --json logs');
    assert.equal(result.batch.documents.failed, 1, 'the empty file fails alone');
    assert.equal(result.published.documents, result.approved.length);
    assert.ok(result.approved.length >= 1, `nothing was approved: ${JSON.stringify(result.notApproved)}`);
    for (const f of ['index.html', 'data.json', 'catalog.csv', 'feed.xml', 'sitemap.xml', 'audit-anchors.json']) assert.ok(existsSync(join(result.siteDir, f)), `${f} missing`);
    // The workspace still holds the history the site anchored.
    const audit = spawnSync(process.execPath, [join(root, 'bin', 'daylight.mjs'), 'audit', 'verify', '--against', result.siteDir, '--workspace', result.workspaceDir], { encoding: 'utf8' });
    assert.equal(audit.status, 0, audit.stderr);
    assert.match(audit.stdout, new RegExp(`matching the site published .*: ${result.approved.length} released documents`));

    // No removed string of an approved document anywhere in the site (Pagefind's index is compressed, so search
    // is tested by the portal suite; this checks the plain files: HTML, JSON, CSV, the PDFs' raw bytes).
    const site = filesUnder(result.siteDir).filter((f) => !f.includes(`${join('pagefind', '')}`));
    const haystack = Buffer.concat(site.map((f) => readFileSync(f))).toString('latin1').toLowerCase();
    for (const file of result.approved) {
      for (const item of truth.files[file].redact) {
        if (item.text.replace(/\W/g, '').length < 4) continue;
        assert.ok(!haystack.includes(item.text.toLowerCase()), `"${item.text.slice(0, 2)}…" of ${file} is in the published site`);
      }
    }
    // The original bytes never reach the portal.
    const originals = picked.map((f) => readFileSync(join(documents, f)));
    for (const f of site) {
      const bytes = readFileSync(f);
      assert.ok(!originals.some((o) => o.equals(bytes)), `${f} is an original`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('demo refuses to replace a folder it did not make', () => {
  const work = mkdtempSync(join(tmpdir(), 'daylight-demo-test-'));
  try {
    writeFileSync(join(work, 'precious.txt'), 'keep me');
    const run = spawnSync(process.execPath, [join(root, 'bin', 'daylight.mjs'), 'demo', '--no-serve', '--out', work], { encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /not empty and was not made by the demo/);
    assert.equal(readFileSync(join(work, 'precious.txt'), 'utf8'), 'keep me');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
