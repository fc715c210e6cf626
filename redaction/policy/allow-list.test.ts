import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { addToAllowList } from './allow-list.ts';
import { DEFAULT_POLICY_PATH, parsePolicy } from './load-policy.ts';

const yaml = readFileSync(DEFAULT_POLICY_PATH, 'utf8');

test('adds values to a YAML policy, keeping its comments; the result is a valid policy', () => {
  const r = addToAllowList(yaml, 'office.yaml', [{ text: 'Harbor  Desk', note: 'rejected in 3 documents' }, { text: 'Room #4: east "wing"' }, { text: '- dash' }]);
  assert.ok(r.ok, r.ok ? '' : r.problem.message);
  assert.deepEqual(r.value.added, ['Harbor Desk', 'Room #4: east "wing"', '- dash']);
  const parsed = parsePolicy(r.value.text, 'office.yaml');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.value.allow, [{ text: 'Harbor Desk', note: 'rejected in 3 documents' }, { text: 'Room #4: east "wing"' }, { text: '- dash' }]);
  for (const comment of yaml.split('\n').filter((l) => l.trim().startsWith('#'))) assert.ok(r.value.text.includes(comment.trim()), `comment kept: ${comment}`);
});

test('a value already allowed, in any case or spacing, is not added twice; nothing to add leaves the text as it was', () => {
  const first = addToAllowList(yaml, 'office.yaml', [{ text: 'PAT CAT' }]);
  assert.ok(first.ok);
  const again = addToAllowList(first.value.text, 'office.yaml', [{ text: 'pat  cat' }]);
  assert.ok(again.ok);
  assert.deepEqual([again.value.added, again.value.present], [[], ['pat cat']]);
  assert.equal(again.value.text, first.value.text);
});

test('a JSON policy stays JSON', () => {
  const parsed = parsePolicy(yaml, 'x.yaml');
  assert.ok(parsed.ok);
  const json = JSON.stringify({ name: 'Office', jurisdiction: 'US', exemptions: parsed.value.exemptions, categories: parsed.value.categories, allow: ['Jane Q. Official'] });
  const r = addToAllowList(json, 'office.json', [{ text: 'Harbor Desk' }]);
  assert.ok(r.ok, r.ok ? '' : r.problem.message);
  assert.deepEqual(JSON.parse(r.value.text).allow, ['Jane Q. Official', { text: 'Harbor Desk' }]);
});

test('an invalid policy or an empty value is refused with its code', () => {
  const broken = addToAllowList(yaml.replace('threshold: 0.5', 'threshold: 2'), 'office.yaml', [{ text: 'Harbor Desk' }]);
  assert.ok(!broken.ok && broken.problem.code === 'policy.invalid');
  const empty = addToAllowList(yaml, 'office.yaml', [{ text: '  ' }]);
  assert.ok(!empty.ok && empty.problem.code === 'usage.invalid');
});
