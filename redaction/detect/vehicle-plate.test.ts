import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';

function plates(page: string): string[] {
  return detectedTexts(page, 'personal.vehicle-plate');
}

test('"registration", "tag" and "reg" alone name any register: a vendor\'s, a lobbyist\'s, a voter\'s, an asset tag', () => {
  // a city's procurement notice, a state ethics commission's lobbyist list, an election notice, an inventory
  assert.deepEqual(plates('Vendor registration number V00123 is required to bid.'), []);
  assert.deepEqual(plates('Lobbyist registration ID LR24A51 expires December 31.'), []);
  assert.deepEqual(plates('The voter registration deadline is October 7; precinct 12B.'), []);
  assert.deepEqual(plates('Asset tag E12345 was assigned to the laptop.'), []);
});

test("a plate named as a vehicle's is found: its label, the vehicle's word, or Great Britain's registration format", () => {
  // the samples' incident report prints "Plate 482 KTV (Oregon)"; a sheriff's release a "Florida license tag"
  assert.deepEqual(plates('Year/Make/Model 2017 Subaru Outback, grey\nPlate 482 KTV (Oregon)'), ['482 KTV']);
  assert.deepEqual(plates('The car, a grey sedan with Florida license tag QRS 482, was found.'), ['QRS 482']);
  assert.deepEqual(plates('Vehicle registration AB12 CDE was recorded.'), ['AB12 CDE']);
  assert.deepEqual(plates('Registration: AB12 CDE'), ['AB12 CDE']);
});
