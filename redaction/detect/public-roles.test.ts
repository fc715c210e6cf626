import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publicRole } from './public-roles.ts';

function role(text: string, value: string): string | undefined {
  const start = text.indexOf(value);
  assert.ok(start >= 0, `${value} not in ${text}`);
  return publicRole(text, { category: 'personal.name', start, end: start + value.length })?.category;
}

test("a party sued in an official capacity, or named as an office's staff with a title and the office, is a public role", () => {
  assert.equal(role('CALVARY CHAPEL, Plaintiff, v. JANET T. MILLS, in her official capacity as Governor of the State of Maine', 'JANET T. MILLS'), 'public.court-record');
  assert.equal(role('Defendant-appellee Janet T. Mills, the Governor of Maine, responded.', 'Janet T. Mills'), 'public.role');
  assert.equal(role('Sued: Janet T. Mills, in her official capacity.', 'Janet T. Mills'), 'public.role');
  assert.equal(role('FOR FURTHER INFORMATION CONTACT: Ian Won, Manager, Seattle ACO Branch, FAA, 2200 South 216th St.', 'Ian Won'), 'public.role');
  assert.equal(role('should be sent to Doug Rudolph, Aerospace Engineer, FAA, General Aviation & Rotorcraft Section', 'Doug Rudolph'), 'public.role');
  assert.equal(role('656 F. 3d 1222, affirmed. SOTOMAYOR, J., delivered the opinion for a unanimous Court.', 'SOTOMAYOR, J.'), 'public.role');
  assert.equal(role('FOR FURTHER INFORMATION CONTACT: Doug Rudolph,\nAerospace Engineer, FAA, General Aviation', 'Doug Rudolph'), 'public.role');
  assert.equal(role('Defendant-appellee Janet T. Mills, the Governor of Maine', 'Janet T'), 'public.role');
  // a person's own role in a record is no office
  assert.equal(role('The claim of Jane Roe, Claimant, SSA file 12 was denied.', 'Jane Roe'), undefined);
  assert.equal(role('Jane Roe, 12 Oak Lane, Ashford', 'Jane Roe'), undefined);
});

test('a name as a case short citation, with volume and reporter after it, is the court record', () => {
  assert.equal(role('See Watchtower Bible, 712 F.3d at 12; Nwaubani, 806 F.3d at 680.', 'Nwaubani'), 'public.court-record');
  assert.equal(role('Martin v. Lessee of Waddell, 16 Pet. 367, 410.', 'Waddell'), 'public.court-record');
  assert.equal(role('Sporhase v. Nebraska ex rel. Douglas, 458 U. S. 941', 'Douglas'), 'public.court-record');
  // an address after a name is no reporter
  assert.equal(role('Marisa Bisliev 583 Magrethevej 298 Apt. 123', 'Marisa Bisliev'), undefined);
  assert.equal(role('Lara Pottinger, 3247 Rua Igreja 25 Apt. 236', 'Lara Pottinger'), undefined);
});
