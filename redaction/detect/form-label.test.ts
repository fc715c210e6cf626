import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDocuments } from './run.ts';
import { placedDocument } from './text-document.ts';
import { defaultPolicy } from '../policy/load-policy.ts';

type Placed = [string, number, number, number?];

/** One digit a cell, as a comb field prints it. */
function comb(digits: string, x: number, y: number): Placed[] {
  return [...digits].map((d, i): Placed => [d, x + i * 14, y, 18]);
}

/**
 * A flattened form as pdf-lib writes it (the 1040's layout): the printed labels first, the filled values after
 * the page's text, each placed beside or under its label.
 */
const form: Placed[][] = [
  [['Apt.', 432, 111], ['no.', 447, 111]],
  [['ZIP', 385, 135], ['code', 396, 135]],
  [['b', 97, 563], ['Routing', 111, 564], ['number', 142, 564]],
  [['d', 97, 575], ['Account', 111, 576], ['number', 143, 576]],
  [['Personal', 407, 640], ['identification', 442, 640]],
  [['number', 407, 649], ['(PIN)', 433, 649]],
  [['Declaration', 100, 669], ['of', 150, 669], ['preparer', 160, 669], ['is', 196, 669], ['based', 206, 669], ['on', 230, 669], ['all', 240, 669], ['information.', 256, 669]],
  [['417', 36, 121, 10], ['Larkspur', 52, 121, 10], ['Terrace', 90, 121, 10], ['2C', 436, 121, 10]],
  [['OR', 343, 143, 14], ['97405', 384, 143, 14]],
  [['122000247', 272, 562, 9]],
  comb('30917745126', 187, 570),
  [['(541)', 305, 640, 14], ['555-0164', 337, 640, 14], ...comb('40718', 498, 641)],
];

test("a filled form's values are named by their printed labels, to the left or above, though the text puts them last", () => {
  const [f] = detectDocuments([placedDocument(form)], defaultPolicy());
  const by = (category: string) => f.filter((x) => x.category === category).map((x) => x.text);
  assert.ok(by('personal.bank-account').includes('122000247'), JSON.stringify(f.map((x) => x.text)));
  assert.ok(by('personal.bank-account').includes([...'30917745126'].join(' ')), JSON.stringify(by('personal.bank-account')));
  assert.ok(by('personal.address').includes('2C') && by('personal.address').some((t) => t.endsWith('97405')), JSON.stringify(by('personal.address')));
  assert.ok(by('security.credential').includes('4 0 7 1 8'), JSON.stringify(by('security.credential')));
});

test('the same values in a line of prose, with no label beside or above them, are not named by a form label', () => {
  const prose: Placed[][] = [
    [['Declaration', 100, 100], ['of', 150, 100], ['preparer', 160, 100], ['is', 196, 100], ['based', 206, 100], ['on', 230, 100]],
    [['Reference', 100, 112], ['122000247', 140, 112], ['and', 180, 112], ['code', 196, 112], ['40718', 214, 112], ['were', 236, 112], ['logged', 256, 112], ['in', 282, 112], ['2C', 292, 112]],
  ];
  const [f] = detectDocuments([placedDocument(prose)], defaultPolicy());
  assert.deepEqual(f.map((x) => x.text), []);
});
