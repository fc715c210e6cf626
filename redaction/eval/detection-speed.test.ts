import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textDocument } from '../detect/text-document.ts';
import { defaultPolicy } from '../policy/load-policy.ts';
import { describeSpeed, detectionSpeed, isolatedDetectionSpeed, steadySpeed } from './detection-speed.ts';

test('detection speed names its slowest document: one of the batch, with its pages and a share of the CPU time', () => {
  const page = 'On 4 March 2024, investigator Maria Gonzalez interviewed James Okafor about the incident at 12 Elm Street.\n';
  const docs = [textDocument([page], { fileName: 'one.pdf' }), textDocument([page.repeat(20), page.repeat(20), page.repeat(20)], { fileName: 'three.pdf' })];
  const speed = detectionSpeed(docs, defaultPolicy(), { warmUp: false });
  assert.equal(speed.pages, 4);
  assert.ok(speed.slowest);
  const { document, pages, cpuSeconds } = speed.slowest;
  assert.ok(document === 0 || document === 1);
  assert.equal(pages, docs[document].pages.length);
  assert.ok(cpuSeconds > 0 && cpuSeconds <= speed.cpuSeconds, `${cpuSeconds} of ${speed.cpuSeconds}`);
  const line = describeSpeed(speed, (i) => docs[i].fileName);
  assert.match(line, new RegExp(`slowest document: ${docs[document].fileName}, ${pages} pages in \\d+\\.\\d\\d CPU s`));
});

test('an empty batch has no slowest document', () => {
  const speed = detectionSpeed([], defaultPolicy(), { warmUp: false });
  assert.equal(speed.slowest, undefined);
  assert.doesNotMatch(describeSpeed(speed), /slowest/);
});

test('several timed passes: the median pass is reported with the range, and the line says so', () => {
  const page = 'Call Maria Gonzalez at 555-201-4477 about the permit for 12 Elm Street.\n';
  const docs = [textDocument([page.repeat(10), page.repeat(10)], { fileName: 'two.pdf' })];
  const one = detectionSpeed(docs, defaultPolicy(), { warmUp: false });
  assert.equal(one.passes, 1);
  assert.equal(one.range, undefined);
  assert.doesNotMatch(describeSpeed(one), /median/);
  const three = detectionSpeed(docs, defaultPolicy(), { warmUp: false, passes: 3 });
  assert.equal(three.passes, 3);
  assert.equal(three.pages, 2);
  assert.ok(three.range);
  assert.ok(three.range.low <= three.pagesPerCpuSecond && three.pagesPerCpuSecond <= three.range.high, JSON.stringify(three));
  assert.match(describeSpeed(three), /the median of 3 timed passes \(\d+–\d+\)/);
});

test('steady speed: a cold pass, warm-up until enough pages, then each timed pass after a full GC on fresh copies', () => {
  const page = 'Call Maria Gonzalez at 555-201-4477 about the permit for 12 Elm Street.\n';
  const docs = [textDocument([page.repeat(5), page.repeat(5), page.repeat(5)], { fileName: 'three.pdf' })];
  let collections = 0;
  const speed = steadySpeed(docs, defaultPolicy(), { passes: 4, warmUpPages: 10, gc: () => collections++ });
  assert.equal(collections, 4, 'one full GC before each timed pass, none before the cold or warm-up passes');
  assert.equal(speed.passes, 4);
  assert.ok(speed.isolated);
  // 3 pages a pass: the cold pass and 3 warm-up passes make 12 >= 10; 2 warm-up passes would make only 9
  assert.equal(speed.isolated.warmUpPasses, 3);
  assert.ok(speed.isolated.cold.pagesPerCpuSecond > 0);
  assert.ok(speed.isolated.allThreadsCpuSeconds > 0);
});

test('a large corpus is warmed up by one pass after its cold one', () => {
  const docs = [textDocument(Array.from({ length: 6 }, () => 'Permit 12 Elm Street.\n'), { fileName: 'six.pdf' })];
  const speed = steadySpeed(docs, defaultPolicy(), { passes: 1, warmUpPages: 5, gc: () => {} });
  assert.equal(speed.isolated?.warmUpPasses, 1);
});

test('isolated detection speed runs in a fresh thread and says so in its line', async () => {
  const page = 'On 4 March 2024, investigator Maria Gonzalez interviewed James Okafor about the incident at 12 Elm Street.\n';
  const docs = [textDocument([page, page], { fileName: 'two.pdf' })];
  const speed = await isolatedDetectionSpeed(docs, defaultPolicy(), { passes: 3, warmUpPages: 4 });
  assert.equal(speed.pages, 2);
  assert.equal(speed.passes, 3);
  assert.equal(speed.isolated?.warmUpPasses, 1);
  assert.ok(speed.pagesPerCpuSecond > 0);
  assert.match(describeSpeed(speed), /the median of 3 timed passes \(\d+–\d+\) in a fresh worker thread after 1 warm-up pass, .*counting every thread of the process \d+; the thread's cold first pass \d+/);
});
