import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupByPages } from './run-batch.ts';
import type { DocumentRecord } from '../workspace/store/index.ts';

const doc = (path: string, pageCount: number | null) => ({ path, pageCount }) as DocumentRecord;

test('detection groups fill up to the page budget in order; a document larger than the budget is a group alone', () => {
  const docs = [doc('a', 3), doc('b', 3), doc('c', 5), doc('d', 12), doc('e', 1), doc('f', null)];
  assert.deepEqual(
    groupByPages(docs, 8).map((g) => g.map((d) => d.path).join('')),
    ['ab', 'c', 'd', 'ef'],
  );
  assert.deepEqual(groupByPages([], 8), []);
  assert.deepEqual(groupByPages(docs, 1000).length, 1);
});
