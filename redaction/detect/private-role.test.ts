import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privateRole, publicOfficeHeld } from './private-role.ts';

/** The evidence privateRole gives for the first occurrence of `name` in `text`. */
function roleOf(text: string, name: string): string | undefined {
  const start = text.indexOf(name);
  assert.ok(start >= 0, `${name} is in the text`);
  return privateRole(text, start, start + name.length);
}

const NAME = 'Tobias Quennell';

test('the part a private person plays in what a record reports is evidence', () => {
  const match = [
    'The victim, Tobias Quennell, was taken to the hospital.',
    'The deceased has been identified as Tobias Quennell.',
    'Police identified the driver as Tobias Quennell of Eastport.',
    'Officers identified 16-year-old Tobias Quennell as the driver.',
    'A 34-year-old Eastport man, Tobias Quennell, was injured.',
    'Police said Tobias Quennell was pronounced dead at the scene.',
    'Police said Tobias Quennell, 34, of Eastport, died on Friday.',
    'Police are searching for Tobias Quennell, who was last seen Friday.',
    'Officers found Tobias Quennell of Winnebago, Neb. as the victim of the crash.',
    'Police said Tobias Quennell, a resident of Eastport, saw the crash.',
    'Police said Tobias Quennell, an Eastport resident, saw the crash.',
    'Council to recognize Tobias Quennell for winning the essay contest.',
    'Public comment: Tobias Quennell spoke against the rezoning.',
    'Tobias Quennell addressed the Council about parking on Elm Street.',
    'Tobias Quennell, Eastport, stated that the fares were too high.',
    'Killed in the crash was 24-year-old Tobias Quennell of Eastport.',
    'Police are asking for help locating Tobias Quennell, last seen on Friday.',
    'Tobias Quennell, the mother of the victim, asked for privacy.',
    'Tobias Quennell, a 24-year-old man, suffered minor injuries.',
    'Officers said Tobias Quennell sustained serious injuries.',
    'The Chair introduced the Cub Scouts leading the Pledge of Allegiance:\n- Tobias Quennell (flags)',
    // a friend, like kin, is a tie of private life; a relative clause says it as an apposition does; capitals too
    'What guidance can we give Tobias Quennell who is a good friend of HRC and has been trying to help?',
    'TOBIAS QUENNELL, A MINOR, BY AND THROUGH HER GUARDIAN AD LITEM',
    // a speaker opening a sentence under a minutes' public comment heading, on a line of its own
    '2. General Public Comment\n\nMs. Mirka Quist welcomed the members. Tobias Quennell echoed those sentiments.',
    // a meeting's speakers listed one a line under their heading, with a note or a topic after some
    'Public hearing: Ordinance 8535\nSpeakers:\nLaurie Ashby – Pooling with Jenny – 4 min\nTobias Quennell\nMotion: Wallach',
    'Open comment (name | topic):\nKeaton Ashby | Housing\nTobias Quennell | NAN',
    'Member Hage said it was done.\n\nPublic Comment:\n\nTobias Quennell expressed concern over the accessibility.',
  ];
  for (const text of match) assert.ok(roleOf(text, text.includes('TOBIAS') ? NAME.toUpperCase() : NAME), text);
});

test("after a public comment section's next item, or named in passing there, a person is not shown speaking in it", () => {
  assert.equal(roleOf('2. General Public Comment\n\nNone.\n\n3. Approval of Minutes\n\nTobias Quennell said the minutes were approved.', NAME), undefined);
  assert.equal(roleOf('Public Comment:\n\nMs. Quist referred the members to an op-ed by Tobias Quennell in the Times.', NAME), undefined);
  // a list's line with a label of its own ends the speakers: what follows is the minutes again
  assert.equal(roleOf('Speakers:\nLaurie Ashby\nMotion: Wallach | Seconded: Winer\nTobias Quennell', NAME), undefined);
});

test('an official at work, a place, an organisation or a colleague honoured for service is no such evidence', () => {
  const ignore = [
    'The report was written by Tobias Quennell for the department.',
    'Tobias Quennell of the Harbor County Sheriff’s Office said the road is closed.',
    'Tobias Quennell of Harbor County Schools presented the budget.',
    'Tobias Quennell of Acme Corporation bid on the contract.',
    'Council to recognize Tobias Quennell for 30 years of service to the City.',
    'Tobias Quennell to present on the work of the Harbor Arts Guild.',
    'June 2, 2021 - Tobias Quennell\n\nOfficers arrested two men on Elm Street.',
    'June 2, 2021 - Tobias Quennell\nOn June 1 officers found a man of 40 as the victim of a crash on Elm Street.',
    'Tobias Quennell, Senior Manager, stated that the project was on time.',
    'Tobias Quennell, the director of the department, opened the meeting.',
    'The report was reviewed by Tobias Quennell, the chair of the board.',
    'The Chair recognised the following retirees:\n- Tobias Quennell (40 years)',
    // a hometown alone: officials, service members, honourees and candidates are named with their towns
    'These are the names: LCpl Tobias Quennell, of Eastport, IL; CPL Ama Osei, of Dover, DE.',
    'Police said Tobias Quennell of Sioux City was charged with theft.',
  ];
  for (const text of ignore) assert.equal(roleOf(text, NAME), undefined, text);
  // a word right before "resident" with no comma between is the town that modifies the noun, not the person
  assert.equal(roleOf("Hi,\nI'm a Belmont resident, a small business owner and a renter.", 'Belmont'), undefined);
  assert.equal(roleOf('Many Eastport residents asked the council to act.', 'Eastport'), undefined);
  assert.equal(roleOf('Eastport resident Tobias Quennell wrote to the council.', 'Eastport'), undefined);
  // a town after "of" is the town, not a person to whom something happened
  assert.equal(roleOf('Police said the man of Eastport died on Friday.', 'Eastport'), undefined);
});

test('a sentence that says the person holds or seeks a public office names an official', () => {
  const text = 'Proposed relator Ama Osei sued proposed defendant Tobias Quennell in quo warranto to remove him from the public office of city council member.';
  const start = text.indexOf(NAME);
  assert.ok(publicOfficeHeld(text, start, start + NAME.length));
  const appointee = 'Resolution confirming the appointment of Tobias Quennell to serve as a Member of the Historic Preservation Commission.';
  assert.ok(publicOfficeHeld(appointee, appointee.indexOf(NAME), appointee.indexOf(NAME) + NAME.length));
  const victim = 'The victim, Tobias Quennell, was taken to the hospital.';
  assert.ok(!publicOfficeHeld(victim, victim.indexOf(NAME), victim.indexOf(NAME) + NAME.length));
});

test('an elected official speaking in minutes is named by the office', async () => {
  const { personName } = await import('./person-name.ts');
  const { runDetector } = await import('./detector.ts');
  const { prepareInput } = await import('./input.ts');
  const { textDocument } = await import('./text-document.ts');
  const head = 'Board of Directors: minutes of the Board meeting, agenda item 4. Public comment period.\n';
  const found = (line: string) => {
    const input = prepareInput(textDocument([`${head}${line}`]));
    return runDetector(personName, input, 0.5).map((c) => input.text.slice(c.start, c.end));
  };
  assert.deepEqual(found('Tobias Quennell, Eastport, stated that the fares were too high.'), ['Tobias Quennell']);
  assert.deepEqual(found('Councilwoman Tobias Quennell, Eastport, stated that the fares were too high.'), []);
});

test('a sentence saying the person served or retires in a public office or department names an official', () => {
  const text = 'WHEREAS, Tobias Quennell of Eastport retires after 30 years of service, having served as Chief of the Eastport Fire Department;';
  const at = text.indexOf(NAME);
  assert.ok(publicOfficeHeld(text, at, at + NAME.length));
  const family = 'WHEREAS, Tobias Quennell of Eastport served his family and his church with devotion;';
  assert.ok(!publicOfficeHeld(family, family.indexOf(NAME), family.indexOf(NAME) + NAME.length));
});

test("a cell of a public-comment table's speaker column names a member of the public who spoke", () => {
  const caption = 'Planning Commission: speakers recorded in the minutes, item by item';
  const table = (header: string, row: string) => `${caption}\n${header}\n1998-01-08 | PUBLIC COMMENT | Brett Gladstone | Re: a parcel\n${row}`;
  const comments = table('meeting_date | section | name_raw | comment', '1998-01-08 | REGULAR CALENDAR | Tobias Quennell | ');
  assert.equal(roleOf(comments, NAME), "under a meeting's speakers");
  assert.equal(roleOf(table('date | section | speaker | topic', '1998-01-08 | ITEM 4 | Tobias Quennell | housing'), NAME), "under a meeting's speakers");
  // under a row whose comment wrapped onto a line of its own
  assert.equal(roleOf(table('meeting_date | section | name_raw | comment', '1998-01-22 | PUBLIC COMMENT | Jane Roe | Re: a project, continued to\n2/12 or 2/19.\n1998-01-22 | ITEM 4 | Tobias Quennell | '), NAME), "under a meeting's speakers");
  // on a later page of the table, under no header of its own
  assert.equal(roleOf(table('meeting_date | section | name_raw | comment', '\f\n1998-01-08 | ITEM 4 | Tobias Quennell | '), NAME), "under a meeting's speakers");
  // a name column with no comment column, or with no word that anyone spoke, is a roster (staff, members, officers)
  assert.equal(roleOf(`Staff directory\nname | title | phone\nTobias Quennell | Planner | 555-0100`, NAME), undefined);
  assert.equal(roleOf(`Permit log\ndate | name | comment\n1998-01-08 | Tobias Quennell | approved`, NAME), undefined);
  // a name inside the comment cell is not the speaker
  assert.equal(roleOf(table('meeting_date | section | name_raw | comment', '1998-01-08 | ITEM 4 | Jane Roe | supports Tobias Quennell'), NAME), undefined);
});
