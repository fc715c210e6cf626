import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicy, loadPolicy, parsePolicy } from './load-policy.ts';
import { categories } from './categories.ts';
import { tempDir } from '../../test/support/temp-dir.ts';

const dir = tempDir('daylight-policy-');
const usYaml = readFileSync(new URL('./us-foia.yaml', import.meta.url), 'utf8');

test('the default policy maps every category to an action and an existing exemption', () => {
  const p = defaultPolicy();
  assert.equal(p.source, 'built-in');
  for (const key of Object.keys(categories)) {
    const rule = p.categories[key as keyof typeof categories];
    assert.ok(rule, key);
    assert.ok(p.exemptions[rule.exemption], `${key} → ${rule.exemption}`);
  }
  assert.equal(p.exemptions[p.categories['personal.name'].exemption].code, '(b)(6)');
  assert.equal(p.categories['government.classified'].action, 'review');
});

test('the UK policy loads with its own codes: codes are data', () => {
  const uk = loadPolicy(new URL('./uk-foia.yaml', import.meta.url).pathname);
  assert.ok(uk.ok);
  assert.equal(uk.value.exemptions[uk.value.categories['personal.name'].exemption].code, 's.40');
  assert.equal(uk.value.exemptions[uk.value.categories['government.deliberative'].exemption].code, 's.35');
});

test('a JSON policy loads like YAML', () => {
  const p = defaultPolicy();
  const file = join(dir, 'p.json');
  writeFileSync(file, JSON.stringify({ name: 'JSON office', jurisdiction: 'Test', exemptions: p.exemptions, categories: p.categories, allow: ['Jane Official'], deny: [{ pattern: 'CASE-\\d{6}', category: 'government.internal-id' }] }));
  const r = loadPolicy(file);
  assert.ok(r.ok);
  assert.equal(r.value.name, 'JSON office');
  assert.deepEqual(r.value.allow, [{ text: 'Jane Official' }]);
  const deny = r.value.deny[0];
  assert.ok('pattern' in deny && deny.pattern.test('CASE-123456'));
});

/** [what is wrong, the edit, the line and field the message must name] */
const broken: [string, (y: string) => string, RegExp][] = [
  ['unknown action', (y) => y.replace('personal.phone: { action: redact', 'personal.phone: { action: hide'), /:\d+: categories\.personal\.phone\.action: must be one of redact, review, keep/],
  ['missing exemption', (y) => y.replace('personal.email: { action: redact, exemption: b6 }', 'personal.email: { action: redact, exemption: b9 }'), /:\d+: categories\.personal\.email\.exemption: "b9" is not a key/],
  ['unknown category', (y) => y.replace('personal.name:', 'personal.nickname:'), /categories\.personal\.nickname: unknown category/],
  ['typo in a field', (y) => y.replace('threshold: 0.5', 'treshold: 0.5'), /:\d+: treshold: unknown field/],
  ['bad regex', (y) => y.replace('deny: []', 'deny:\n  - { pattern: "CASE-(", category: government.internal-id }'), /deny\.0\.pattern: is not a valid regular expression/],
  ['deny without category', (y) => y.replace('deny: []', 'deny:\n  - { text: Nightjar }'), /deny\.0\.category: must be a non-empty string/],
  ['threshold out of range', (y) => y.replace('threshold: 0.5', 'threshold: 2'), /threshold: must be a number from 0 to 1/],
  ['bad YAML', (y) => y.replace('name: US FOIA (default)', 'name: [unclosed'), /not valid YAML/],
];

for (const [what, edit, message] of broken) {
  test(`policy.invalid names line and field: ${what}`, () => {
    const r = parsePolicy(edit(usYaml), 'office.yaml');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.problem.code, 'policy.invalid');
    assert.match(r.problem.message, message);
    assert.match(r.problem.message, /^office\.yaml/);
  });
}

test('the line number points at the offending field', () => {
  const yaml = usYaml.replace('personal.phone: { action: redact', 'personal.phone: { action: hide');
  const line = yaml.split('\n').findIndex((l) => l.includes('action: hide')) + 1;
  const r = parsePolicy(yaml, 'office.yaml');
  assert.ok(!r.ok);
  assert.match(r.problem.message, new RegExp(`^office\\.yaml:${line}:`));
});

test('a missing file is policy.invalid, not a crash', () => {
  const r = loadPolicy(join(dir, 'nope.yaml'));
  assert.ok(!r.ok);
  assert.equal(r.problem.code, 'policy.invalid');
  assert.match(r.problem.message, /could not be read \(ENOENT\)/);
});
