import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDetector } from './detector.ts';
import { prepareInput } from './input.ts';
import { personName } from './person-name.ts';
import { textDocument } from './text-document.ts';
import { isPlaceName, placeAfterTown } from './places.ts';
import { isGivenName } from './given-names.ts';
import { defaultPolicy } from '../policy/load-policy.ts';
import { detectedTexts } from '../../test/support/detected.ts';

const threshold = defaultPolicy().threshold;

function names(text: string): string[] {
  const input = prepareInput(textDocument([text]));
  return runDetector(personName, input, threshold).map((c) => input.text.slice(c.start, c.end));
}

/** Plain prose with no names: it makes a document long (300 words), where a lone word needs evidence. */
const PROSE = 'The committee reviewed the budget and the schedule for the coming year in some detail. '.repeat(20);
/** A handling marking: it makes a long text an office's own record, whose people are named privately (genre.ts). */
const OWN = 'FOR OFFICIAL USE ONLY\n';

test('a state, a territory or a town before its state is a place, not a person', () => {
  assert.deepEqual(names('Register births in American Samoa, Guam, Puerto Rico, and the US Virgin Islands.'), []);
  assert.deepEqual(names('Eastern District of Virginia - Inn of Court, June 7, 2018'), []);
  assert.deepEqual(names('The seminar was held in Alexandria, VA on June 7.'), []);
  assert.deepEqual(names('It went to Casablanca, Morocco for the meeting.'), []);
  assert.deepEqual(names('For guidance write to Joint Base Andrews about it.'), []);
  // a person whose given name is a state is still a person
  assert.deepEqual(names('The witness Virginia Okafor-Lund said she saw it.'), ['Virginia Okafor-Lund']);
  assert.deepEqual(names('Smith, Georgia testified on Monday.').length, 1);
});

test('places: whole names, and the state or country after a town', () => {
  assert.ok(isPlaceName('Puerto Rico') && isPlaceName('Virginia') && isPlaceName('the U.S. Virgin Islands'));
  assert.ok(!isPlaceName('Virginia Woolf') && !isPlaceName('Okafor'));
  assert.equal(placeAfterTown(', MO 63118'), 'MO');
  assert.equal(placeAfterTown(', New Mexico, on'), 'New Mexico');
  assert.equal(placeAfterTown(', XX 12345'), undefined);
  assert.equal(placeAfterTown(' and others'), undefined);
});

test('capitals alone need a title, a label or the shape of a full name', () => {
  assert.deepEqual(names('Enter the child using the PAT CAT code F29 and FMP 60.'), []);
  assert.deepEqual(names('8. BAIRD MONEY MARKET A Interest J T\n10. ROYCE FUNDS PENNSYLVANIA RYPCX None'), []);
  assert.deepEqual(names('Questions go to JOHN A. CARMICHAEL at the desk'), ['JOHN A. CARMICHAEL']);
  assert.deepEqual(names('Respectfully,\nSUSAN ILLSTON\nRecords Officer'), ['SUSAN ILLSTON']);
  assert.deepEqual(names('Complainant LEILANI TUPOU said so.'), ['LEILANI TUPOU']);
});

test('an acronym among capitalised words, a title before a title or a role: no one', () => {
  assert.deepEqual(names('anti-malarial tablets, 2-PAM Chloride or CANA that the member took'), []);
  assert.deepEqual(names('JOHN A. COMMANDER, Lt Col, USAF, MSC Commander'), []);
  assert.deepEqual(names('Signed Mr. or Ms. Senior Executive Administrative Assistant'), []);
});

test('in a long document a lone word needs a title, a label or a full name it belongs to', () => {
  const citation = `${OWN}${PROSE}See Watchtower Bible, 712 F.3d at 12; Nwaubani, 806 F.3d at 680. ${PROSE}`;
  assert.deepEqual(names(citation), []);
  // the same word in a short message is a name on its own
  assert.deepEqual(names('Nwaubani is at the door.'), ['Nwaubani']);
  const introduced = `${OWN}${PROSE}The card of Mr. Mukendi was cancelled. ${PROSE}Mukendi did not answer.`;
  assert.deepEqual(names(introduced), ['Mr. Mukendi', 'Mukendi']);
  const full = `${OWN}${PROSE}FROM: Priya R. Venkataraman, Senior Policy Analyst. ${PROSE}Questions on this memo: Priya Venkataraman, extension 2207.`;
  assert.deepEqual(names(full), ['Priya R. Venkataraman', 'Priya Venkataraman']);
  // a compound given name is a name's shape of its own
  assert.deepEqual(names(`${OWN}${PROSE}made on the card of former equipment operator Jean-Baptiste\n`), ['Jean-Baptiste']);
});

test('in a long document a word that starts an organisation named there is that organisation', () => {
  const text = `TARRANT REGIONAL WATER DISTRICT v. HERRMANN ET AL. ${PROSE}Against this backdrop, petitioner Tarrant, a Texas state agency, sued. ${PROSE}`;
  assert.ok(!names(text).includes('Tarrant'), JSON.stringify(names(text)));
  const titled = `${OWN}Dear Mr. Tarrant, ${PROSE} The Tarrant Regional Water District replied.`;
  assert.ok(names(titled).includes('Mr. Tarrant'));
});

test('in a long document a run of words no lexicon knows needs at least a cue', () => {
  assert.deepEqual(names(`${OWN}${PROSE}Brief for Professors of Law as Amici Curiae 11–14 (giving more examples). ${PROSE}`), []);
  assert.deepEqual(names(`${OWN}${PROSE}The report was signed by Oluwaseun Adeyemi. ${PROSE}`), ['Oluwaseun Adeyemi']);
});

test('given names: the lexicon and the longer list', () => {
  assert.ok(isGivenName('Priya') === false || isGivenName('Jean'));
  assert.ok(isGivenName('Jean') && isGivenName('ian') && !isGivenName('Venkataraman'));
});

test('in a long form a value under a label that asks for a name is a name; under a payer\'s label it is not', () => {
  const form = `${PROSE}\nSpouse's last name (as shown on the card)\nOkonkwo-Reyes\nPAYER'S name, street address (see the back)\nHarborlight\n${PROSE}`;
  assert.deepEqual(names(form), ['Okonkwo-Reyes']);
});

test('a fund, an account or a company whose name runs on past a person-like start is no person', () => {
  assert.deepEqual(names('Cash Market - J Rowe Price Blue Chip Growth Fund (JRBCX) $1,000 or less'), []);
  assert.deepEqual(names('- J Rowe Price Short Term\nBond (JRSTX) $1,000 or less'), []);
  assert.deepEqual(names('- Walter Templeton Global Bond\nAdvisor (WGBAX) Purchased'), []);
  // a form's next label is no part of the name
  assert.deepEqual(names('Name: Tobias Quillfeather\nAccount number 0012 4471'), ['Tobias Quillfeather']);
});

test('a capitalised word the dictionary knows is a word, whatever the tagger guesses, unless a title stands before it', () => {
  assert.deepEqual(names(`${PROSE}ITO—Invitational Travel Order is issued. ${PROSE}`), []);
  assert.deepEqual(names('Dear Dr. Baker, thank you.'), ['Dr. Baker']);
});

test('a law reporter between volume and page, a mark alone on its line and a cue that names a case are not names', () => {
  assert.deepEqual(names('Ex parte Young, 209 U.S. 123, 28 S. Ct. 441, 52 L. Ed. 714 (1908).'), []);
  assert.deepEqual(names('Appellees. :\nX\nQuillfeather, D.J.:\nThe union appeals.').includes('X\nQuillfeather'), false);
  // "plaintiff" names the person only when it reaches the name; "the plaintiff in Okafor-Lund" is a case
  const long = (s: string) => `${PROSE}${s} ${PROSE}`;
  assert.deepEqual(names(long('Like the plaintiff in Ozturkmen, he pleads no injury.')), []);
  assert.deepEqual(names(long('The plaintiff Ozturkmen pleads no injury.')), ['Ozturkmen']);
});

test('"Then-Judge" is a title', () => {
  assert.deepEqual(names('Then-Judge Quillfeather dissented.'), ['Quillfeather']);
});

test('worked examples and templates name no one: a hypothetical paragraph, and the lines around a placeholder', () => {
  const example = `${PROSE}\n4.9.11.2. The number is made from today's date. For this example, let's assume today is 15 Jan 2011. Captain and Mrs. Quillfeather's infant son was born at 0600hrs. Let's further assume a baby girl is born to MSgt Okonkwo at 1400hrs. ${PROSE}`;
  assert.deepEqual(names(example), []);
  const letter = `${PROSE}\n2. Send questions to:\na. Privacy Officer (Primary POC)\nMaj John Doe\njohn.doe@example.mil\nb. Alternate POC\nLTC Tobias Quillfeather\ntobias.q@example.mil\n${PROSE}`;
  assert.deepEqual(names(letter), []);
  const table = `${PROSE}\nc. Detail: (Sample format):\nPatient's Name Category Date\nDoe, John A Newborn 1 Apr 12\nOkonkwo, Mary Teaching 30 Aug 12\n${PROSE}`;
  assert.deepEqual(names(table), []);
  // a personal-record cue still names a real person near a placeholder; a hypothetical's paragraph ends
  assert.deepEqual(names(`${PROSE}\nThe suspect, a John Doe, fled. The victim Maria Quillfeather was treated. ${PROSE}`), ['Maria Quillfeather']);
  assert.deepEqual(names(`${PROSE}\n1.1. For this example, let's assume a clinic.\n\n1.2. The claimant Tobias Quillfeather appealed. ${PROSE}`), ['Tobias Quillfeather']);
});

test('lists of places, office symbols, prefixed words and streets are not names', () => {
  const bases = `${PROSE}including bases at Soto Cano, Moron, Diego\nGarcia, Thule, Al Udeid, Izmir, etc. ${PROSE}`;
  assert.deepEqual(names(bases), []);
  // a list of people with one town in it stays a list of people
  assert.ok(names('Present were Tobias Quillfeather, Maria Okonkwo, Ada Lindqvist and Paris.').includes('Ada Lindqvist'));
  assert.ok(!names('the address is SA DAO DE, San Antonio/IB, 2021 1st Drive West').includes('DAO DE'));
  assert.deepEqual(names('capabilities at AFPC, Pre-Jan 09 STRs are being sent'), []);
  assert.deepEqual(names('at U.S. Trustee Meeting Room, 38 S Scott Ave, St 140, Tucson'), []);
});

test('a firm named after a person is the firm; a surname with an English ending after a known given name is a name', () => {
  assert.deepEqual(names('filed by\nPetitioner Theodore Quillfeather,\nP.A.. Served 04/24/2018'), []);
  assert.deepEqual(names('11-309 | Torreance, Terry | - | received 08-Mar-11'), ['Torreance, Terry']);
});

test('farms, circuses and brothers named after someone are businesses', () => {
  assert.deepEqual(names('shipped by or for Mitchell Quill/ Quill Brothers/Quill Farms of Hamburg'), ['Mitchell Quill']);
  assert.deepEqual(names('elephants to the George Quillfeather circus (USDA 43-C-0025)'), []);
  assert.deepEqual(names('Licensee: Fawn-Doe Rosa Wildlife Education Park, date of complaint'), []);
});

test('a business named after someone, a firm of surnames and an office before a name are no part of a person', () => {
  assert.deepEqual(names('"I\'m the owner of Drew Medical," he said. The contract with Walden Security ended.'), []);
  assert.deepEqual(names('Records of Wesley Ashworth Retirement Community and Walton Correctional Institution.'), []);
  assert.deepEqual(names(`${PROSE}16-00265-FOIA | Quillfeather, Fred | Killian, Davis, Richter and Mayle, PC | received 1/5/2016`), ['Quillfeather, Fred']);
  assert.deepEqual(names(`${PROSE}CFPB-2015-027-F | Okonkwo, Alison | Cole, Scott & Kissane, PA | received 10/21/2014`), ['Okonkwo, Alison']);
  assert.deepEqual(names('Our Assistant Special Agent in Charge Kelly A. Okonkwo investigated the case.'), ['Kelly A. Okonkwo']);
  // a person is still found beside the words
  assert.deepEqual(names('Drew Quillfeather, a medical assistant, testified.'), ['Drew Quillfeather']);
});

test('"Last, First" alone in a table cell is a name even when its words are English; a town and its state is not', () => {
  const log = `${PROSE}\n14-00551-FOIA | Quillfeather, Ginger | - | received 4/2/2014\n14-00556-FOIA | Banks, Martin | Wende Correctional Facility | received 4/3/2014\n14-00557-FOIA | Austin, Texas | - | received 4/3/2014\n`;
  assert.deepEqual(names(log), ['Quillfeather, Ginger', 'Banks, Martin']);
  // outside a cell the English words still need more evidence
  assert.ok(!names(`${PROSE}The river Banks, Martin said, were flooded.`).includes('Banks, Martin'));
});

test('a middle initial at the end of a line goes on with the surname; a surname after an initial opens no "Last, First"', () => {
  assert.deepEqual(names('Signed by Daniel R.\nLevinsohn yesterday.'), ['Daniel R.\nLevinsohn']);
  assert.ok(!names('Senior Counsel Christina K.\nAshworth, David M. Blankfein and others.').some((n) => n.startsWith('Ashworth, David')));
});

test('a "Last, First" entry\'s given names end with their line: the next line\'s surname opens the next entry', () => {
  const calendar = '08:00 AM   PRETRIAL CONFERENCE   BOU 151800513\n   BOUNTIFUL CITY        ATTY: YNCHAUSTI, JOHN C\n                               STIRLING, DON C\n   VS.\n   DELAROSA, PAULO     ATTY: STIRLING, DON C\n   OTN:    DOB: 12/12/1992\n';
  assert.ok(!names(calendar).some((n) => /JOHN C\s+STIRLING/.test(n)), names(calendar).join(' | '));
  // a name broken over two lines in prose still joins
  assert.deepEqual(names('Signed by Daniel R.\nLevinsohn, Jane Roe and others.').filter((n) => n.includes('Levinsohn')), ['Daniel R.\nLevinsohn']);
});

/** The furniture of a published court record: a docket's heading, its parties and a case style (see genre.ts). */
const DOCKET = 'Case No. 3:21-cv-04417 | Date Filed: 03/04/2021 | Nature of Suit: Civil Rights\nPlaintiff: Harbor Mills LLC v. Defendant: Eastgate Partners LLC\n';

test('a name alone on its line over a US town line signs a letter or a comment as a private writer; an official signs over an office', () => {
  // comments the public sent on a federal docket, posted whole: the letter, then the signer and the town (real-text batch 15)
  const comment = (sig: string) => `${DOCKET}Public comment on the proposed rule.\nThe agency should do its job by enforcing current protections.\n${sig}\nComment 2 of the sample follows.`;
  assert.deepEqual(names(comment('Dawn Hollinbeck\nAmelia, OH 45102')), ['Dawn Hollinbeck']);
  assert.deepEqual(names(comment('Sincerely,\nBartholomew Quist\nWilmer, AL 36587')), ['Bartholomew Quist']);
  assert.deepEqual(names(comment('Rita Quillback\n1374 Park Row Lakewood, OH 44107')), ['Rita Quillback']);
  assert.deepEqual(names(comment('Bartholomew Quist\nSheffield Lake, OH 44054, United States')), ['Bartholomew Quist']);
  // an official signs with an office under the name; a name inside a sentence signs nothing; a town line alone names no one
  assert.deepEqual(names(comment('Sincerely,\nBartholomew Quist\nDirector, Housing Office\nTucson, AZ 85701')), []);
  assert.deepEqual(names(comment('The notice was mailed by Bartholomew Quist\nTucson, AZ 85701')), []);
  assert.deepEqual(names(comment('Tucson, AZ 85701')), []);
  // a line that goes on after the name is not a signature line
  assert.deepEqual(names(comment('Bartholomew Quist wrote this too\nTucson, AZ 85701')), []);
});

test('where the chair asks speakers for their address for the record, the names called from the roster are members of the public', () => {
  // a city council's public comment period, as a machine transcript (real-text batch 15); PROSE makes the text long
  const opening = 'When I call your name, approach the microphone and give your name and address for the record. ';
  const called = 'The first person we will hear from is Angelica Marchetti, who will be followed by Dolores Quillback. Is Angelica Marchetti here? We will now hear from Liliana Hollinbeck. ';
  assert.deepEqual(names(`${PROSE}${opening}${called}`).sort(), ['Angelica Marchetti', 'Angelica Marchetti', 'Dolores Quillback', 'Liliana Hollinbeck']);
  // without the request for an address the same calls introduce anyone: staff, presenters
  assert.deepEqual(names(`${PROSE}${called}`), []);
  // a speaker for an organisation is no private speaker
  assert.deepEqual(names(`${PROSE}${opening}We will now hear from Liliana Hollinbeck with Harbor Utilities. `), []);
});

test('in a published public record a name needs evidence of a private capacity; a title, speech or the lexicon is not', () => {
  // staff, officials and inspectors named in their work: no private capacity shown
  assert.deepEqual(names(`${DOCKET}The request sought all emails to and from Bartholomew Quist about the hearing.`), []);
  assert.deepEqual(names(`${DOCKET}"The hearing was fair," Mr. Quist said after it.`), []);
  assert.deepEqual(names(`${DOCKET}Inspector Roberta Vanterpool inspected the site in May.`), []);
  // a record's label for the person, a "Last, First" entry, a table cell, a private detail beside the name
  assert.deepEqual(names(`${DOCKET}Debtor Marisol Etxeberria filed the schedules.`), ['Marisol Etxeberria']);
  assert.deepEqual(names(`${DOCKET}It was bought from the estate of Oskar Lindqvist in 2003.`), ['Oskar Lindqvist']);
  assert.deepEqual(names(`${DOCKET}21-0417 | Quist, Bartholomew | none | received 2/3/2021`), ['Quist, Bartholomew']);
  assert.deepEqual(names(`${DOCKET}Notice sent to:\nBartholomew Quist\ndate of birth 02/11/1961\nTucson, AZ 85701`), ['Bartholomew Quist']);
  assert.deepEqual(names(`${DOCKET}Notice sent to:\nBartholomew Quist\n4417 Quillback Lane\nTucson, AZ 85701`), ['Bartholomew Quist']);
  // an address under an office's line, or a phone, is an office's as often as a home's: no private capacity on its own
  assert.deepEqual(names(`${DOCKET}Notice sent to:\nBartholomew Quist\nHousing Office\n4417 Quillback Lane\nTucson, AZ 85701`), []);
  assert.deepEqual(names(`${DOCKET}Notice sent to:\nBartholomew Quist\n(520) 555-0148`), []);
  // a byline's name is followed by the story, not by the author's details
  assert.deepEqual(names(`${DOCKET}June 2, 2021 - Bartholomew Quist\nOfficers arrested a 43-year-old man at 4417 Quillback Lane.`), []);
  assert.deepEqual(names(`${DOCKET}The claim of Bartholomew Quist, 47, of Tucson was paid.`), ['Bartholomew Quist']);
  // a lone surname stands for a full name that had such evidence, and only then
  assert.deepEqual(names(`${DOCKET}Debtor Marisol Etxeberria filed the schedules. Etxeberria appeared. Mr. Quist objected.`), ['Marisol Etxeberria', 'Etxeberria']);
});

test('a cue says nothing private of a person the same record names by an office title elsewhere', () => {
  const tribute = `${PROSE}I rise in remembrance of my dear friend, Stephanie\nOkafor-Lund, who left us too soon. Stephanie served Ohio. Please join me in honor of Congresswoman Stephanie Okafor-Lund.`;
  assert.deepEqual(names(tribute), []);
  // without the office, the cue still names a private person
  assert.deepEqual(names(`${PROSE}I rise in remembrance of my dear friend, Stephanie\nOkafor-Lund, who left us too soon.`), ['Stephanie\nOkafor-Lund']);
});

test('a lone given name after a cue is the official the record names with that given name; a word for kin still names family', () => {
  const tribute = `${PROSE}Please join me in honor of Congresswoman Stephanie Okafor-Lund. Everyone she met called her my friend Stephanie and meant it.`;
  assert.deepEqual(names(tribute), []);
  // her son shares a given name with a senator the record names: the word for kin still makes him private
  assert.deepEqual(names(`${PROSE}Senator Mervyn Okafor-Lund spoke. She raised her son, Mervyn, in Cleveland.`), ['Mervyn']);
});

test('"Last, First" is a private entry only with a date of receipt in its row or a header naming a private role', () => {
  // a roll of honour, a list in prose and a staff directory are written "Last, First" too
  assert.deepEqual(names(`${PROSE}\nRoll of honour\nQuillfeather, Marisol | Sergeant | 3rd Battalion\nOkonkwo, Peter | Corporal | 2nd Battalion\n`), []);
  assert.deepEqual(names(`${PROSE}\nMembers present: Quillfeather, Marisol and Okonkwo, Peter attended.`), []);
  assert.deepEqual(names(`${PROSE}\nQuillfeather, Marisol | Program Manager | (202) 555-0114\nOkonkwo, Peter | Analyst | (202) 555-0115\n`), []);
  // a log of requests: the office received something from the person, or the header says who the column lists
  assert.deepEqual(names(`${PROSE}\n2016-0001 | Quillfeather, Marisol | - | received 1/5/2016\n`), ['Quillfeather, Marisol']);
  assert.deepEqual(names(`${PROSE}\n2016-0001 | Quillfeather, Marisol | - | filed 08-Mar-11\n`), ['Quillfeather, Marisol']);
  assert.deepEqual(names(`${PROSE}\nColumns: request ID; requester name; organization\n2016-0001 | Quillfeather, Marisol | - \n`), ['Quillfeather, Marisol']);
});

test('a self-introduction names the person right after it, not the one after a verb', () => {
  // in a text written for the public, "I'm copying Lona" gives Lona no private capacity; "I'm Lona Quist" still does
  assert.deepEqual(names(`${PROSE}I'm copying Lona and Huma so they can help schedule it.`), []);
  assert.deepEqual(names(`${PROSE}Hello, I'm Maria Quillfeather and I live on this street.`), ['Maria Quillfeather']);
});

test('a speaker label is a transcript turn when the text gives the floor to more than one; a message addresses its reader so', () => {
  assert.deepEqual(names(`${PROSE}\nSubject: Lauren: could you please check what address we have for him?`), []);
  const transcript = `${PROSE}\nMarisol: I think the budget is wrong and I said so.\nLauren: I agree with what she said about it.\n`;
  assert.deepEqual(names(transcript), ['Marisol', 'Lauren']);
  // the same label on every page of a report is a form's field, not turns of speakers
  const report = `${PROSE}\nFiler: Katie Quillfeather for City Council 2024 (ID 1461234)\nFiler: Katie Quillfeather for City Council 2024 (ID 1461234)\n`;
  assert.ok(!names(report).includes('Filer'), names(report).join(' | '));
});

test('a name filling a table cell shows no private capacity on its own; a private detail in its row does', () => {
  // a board's list: the judge's surname and the date share a cell (a line wrap leaves the surname alone on its line)
  assert.deepEqual(names(`${DOCKET}2024-05-07 | 63336 | Harbor Mills LLC | Quist\n2024-05-07 |`), []);
  // a list's rows name judges, staff, companies and places as often as private persons
  assert.deepEqual(names(`${DOCKET}2024-05-07 | 63336 | Harbor Mills LLC | Bartholomew Quist |`), []);
  assert.deepEqual(names(`${DOCKET}2024-05-07 | 63336 | Fareva Morton Grove | Center for Drug Evaluation |`), []);
  assert.deepEqual(names(`${DOCKET}2024-05-07 | 63336 | Bartholomew Quist | DOB 02/11/1961 |`), ['Bartholomew Quist']);
});

test('family named after a word for kin are private persons, each one; a list of other things is not', () => {
  assert.deepEqual(names(`${DOCKET}He is survived by his wife, Helen; his children, Brent, Ashley,\nand Maren; and his brothers, Donald and Bram.`), ['Helen', 'Brent', 'Ashley', 'Maren', 'Donald', 'Bram']);
  // given names running on in a list are no "Last, First"; a pair alone in a log's cell still is
  assert.ok(!names('Guests were Brent, Ashley, and Maren.').includes('Brent, Ashley'));
  assert.deepEqual(names(`${DOCKET}21-0417 | Scott, Michael | none | received 2/3/2021`), ['Scott, Michael']);
  assert.deepEqual(names(`${DOCKET}Born to Joyce and the late Donald Quist, she grew up in Tucson.`), ['Joyce', 'Donald Quist']);
  assert.deepEqual(names(`${DOCKET}The Department of Children, Youth and Families met.`), []);
});

test('where a role or a list head says a person is named next, an English word in the name does not sink it; a place stays a place', () => {
  const minutes = `${PROSE}\nAgenda\nThe Chair introduced the Scouts leading the Pledge of Allegiance:\n\n- Daryan Hull (announcing)\n\n- Matias Gomez (flags)\n`;
  assert.deepEqual(names(minutes), ['Daryan Hull', 'Matias Gomez']);
  assert.deepEqual(names(`${DOCKET}see also A.M. ex rel. J.M.K. v. Luzerne Cnty. Juvenile Detention Ctr., 372 F.3d 572.`), []);
});

test('a lone word a text shows as a private person names that person where else it stands alone; a pair\'s given name is the pair\'s', () => {
  const email = `${PROSE}\nJohnnie - what guidance can we give Allida who is a good friend of HRC?\nHuma, H met Asha at CGI.\nThanks, Allida\n`;
  assert.deepEqual(names(email), ['Allida', 'Allida']);
  // "(Medina, Diane)" closing a docket entry is a clerk, not the private person with the given name Diane
  const docket = `${DOCKET}Debtor DIANE M. QUILLFEATHER 4417 Quillback Lane\n06/09/2009 1 Petition filed by DIANE M. QUILLFEATHER (Okonkwo, Diane) (Entered: 06/09/2009)\n`;
  assert.ok(!names(docket).includes('Diane'), names(docket).join(' | '));
});

test('a lone given name, an English word or a word beside a detail does not stand for one private person through a record', () => {
  // a given name is shared by several people of a long record: "Michael" shown as a friend names no later "Michael"
  const given = `${PROSE}\nJohnnie - what guidance can we give Michael who is a good friend of HRC?\nHuma, H met Asha at CGI.\nThanks, Michael\n`;
  assert.deepEqual(names(given), ['Michael']);
  // a word that is also an English word ("Grant") is a word elsewhere as often as the person
  const english = `${PROSE}\nJohnnie - what guidance can we give Grant who is a good friend of HRC?\nHuma, H met Asha at CGI.\nThanks, Grant\n`;
  assert.deepEqual(names(english), ['Grant']);
});

test('in a published record a lone word stands for a private person\'s full name as its surname, not as its given name', () => {
  const docket = `${DOCKET}Debtor DIANE M. QUILLFEATHER 4417 Quillback Lane\n06/09/2009 1 Petition filed by DIANE M. QUILLFEATHER. Quillfeather appeared. Entered by Diane on 06/10/2009.\n`;
  const found = names(docket);
  assert.ok(found.includes('Quillfeather'), found.join(' | '));
  assert.ok(!found.includes('Diane'), found.join(' | '));
});

test('a date of birth makes only its block a record about a private person: a name elsewhere on a public page needs evidence', () => {
  const locator = `Individual Inmate Report\n\nBooking # | Inmate Full Name | Date of Birth\n2014-1107234 | Quillfeather, Tobias | 03/19/1993\n\nVisiting hours are posted at the desk.\n${PROSE}\n${PROSE}\nThe visiting desk is run by Margaret Hollis every day.\n`;
  const found = names(locator);
  assert.ok(found.includes('Quillfeather, Tobias'), found.join(' | '));
  assert.ok(!found.includes('Margaret Hollis'), found.join(' | '));
});

test('a verb in its base form opening a sentence is an imperative, no part of the name after it', () => {
  assert.deepEqual(names('Hope this helps.\nTell Jorvath Quillfeather that the meeting moved to Friday.'), ['Jorvath Quillfeather']);
  assert.deepEqual(names('The hearing ended. Ask Marisol Okonkwo-Reyes about the exhibits.'), ['Marisol Okonkwo-Reyes']);
  // a given name that is also a verb stays the name's
  assert.deepEqual(names('Will Smith said the meeting moved.'), ['Will Smith']);
});

test('capitals with a person\'s part in apposition are a name; "VS" ends a party; a "Name:" label asking for a thing asks for no person', () => {
  const calendar = `${PROSE}\n24STCV13544 filed 2024-05-30\nSAVANNA LEIGH OKONKWO, A MINOR, BY AND THROUGH HER GUARDIAN AD LITEM, DARREN QUILLFEATHER VS MANALI TOWN HOMES, L.P.\n`;
  assert.deepEqual(names(calendar), ['SAVANNA LEIGH OKONKWO', 'DARREN QUILLFEATHER']);
  assert.deepEqual(names(`${PROSE}\nGrantor: NONE\nLegal description: Subdivision - Name: CRAWFORD LAND COMPANYS SUBD 1 Lot: 265\n`), []);
  assert.deepEqual(names(`${PROSE}\nName: CRAWFORD QUILLFEATHER\n`), ['CRAWFORD QUILLFEATHER']);
});

test('in a published record an age names a private person, before or after the name, across a line break too', () => {
  assert.deepEqual(names(`${DOCKET}Officers identified 16-year-old\nMalachai Oyelaran of Tucson as the driver.`), ['Malachai Oyelaran']);
  assert.deepEqual(names(`${DOCKET}Officers identified Malachai Oyelaran, 16, of Tucson as the driver.`), ['Malachai Oyelaran']);
  // the same in a long record: the age is the evidence a run of words no lexicon knows needs there
  assert.deepEqual(names(`${DOCKET}${PROSE}Officers identified 16-year-old Malachai Oyelaran of Tucson as the driver.`), ['Malachai Oyelaran']);
});

test('a surname and a given name that is also a city, alone in a table cell, are a name; a town and its state are not', () => {
  assert.deepEqual(names('16-0280 | Quist, Denver | Pontiac Correctional Center | received 3/3/2016'), ['Quist, Denver']);
  assert.deepEqual(names('16-0281 | Austin, Texas | none | received 3/3/2016'), []);
});

test('a title after a comma opens the next person: no "Last, First" across it', () => {
  assert.ok(!names('The records of VMO Peter Quist, Investigator Michael Osei and others.').some((n) => /Quist, Investigator/.test(n)));
});

test("an office's own record keeps the ordinary reading: its people are named privately", () => {
  assert.deepEqual(names('The request sought all emails to and from Bartholomew Quist about the hearing.'), ['Bartholomew Quist']);
  assert.deepEqual(names(`${OWN}${PROSE}We thank Wilhelmina Osei-Brandt of the fleet office for her help.`), ['Wilhelmina Osei-Brandt']);
  // a person's identifiers make a record about private persons too: an SSN, a birth date, a card whose check digit holds
  assert.deepEqual(names(`${PROSE}We thank Wilhelmina Osei-Brandt of the fleet office. Card 4111 1111 1111 1111 was cancelled.`), ['Wilhelmina Osei-Brandt']);
  assert.deepEqual(names(`${PROSE}We thank Wilhelmina Osei-Brandt of the fleet office. Date of birth: 02/11/1961.`), ['Wilhelmina Osei-Brandt']);
});

test('a long text that is neither a published record nor a record about private persons names its people publicly', () => {
  // a report, a directory, a calendar or a web page of a kind genre.ts has no furniture for: the lexicon alone, a
  // phone or an office's street address beside a name show no private capacity
  assert.deepEqual(names(`${PROSE}We thank Wilhelmina Osei-Brandt of the fleet office for her help.`), []);
  const directory = `${PROSE}\nDepartment of Commerce\nJennifer Quist - 202-482-0336 - jquist@doc.gov\nBartholomew Osei - (301) 975-2864 - bosei@nist.gov\n`;
  assert.deepEqual(names(directory), []);
  assert.deepEqual(names(`${PROSE}\n| Bartholomew | Quist | 2253 N Howard St | Democrat |\n`), []);
  // what puts a person in a private capacity still does: the part played, an age, a birth date
  assert.deepEqual(names(`${PROSE}The victim, Tobias Quennell, was taken to the hospital.`), ['Tobias Quennell']);
  assert.deepEqual(names(`${PROSE}Officers identified Malachai Oyelaran, 16, of Tucson as the driver.`), ['Malachai Oyelaran']);
  // from a hundred words on, a page's worth of a table or a notice is such a document
  const notice = `${'The committee reviewed the budget and the schedule for the coming year in some detail. '.repeat(7)}\n| Orange | Aliso Viejo | Decision |\n| Contra Costa | Antioch | Revoked |\n`;
  assert.deepEqual(names(notice), []);
  // a short text (a message, a form's line) keeps the ordinary reading: it has no document around it to judge by
  assert.deepEqual(names('Call Jennifer Quist at 202-482-0336 about the refund.'), ['Jennifer Quist']);
});

test('in a published record the part a person plays, a town or a meeting appearance is evidence; an office held is not', () => {
  assert.deepEqual(names(`${DOCKET}The victim was identified as Tobias Quennell, a resident of Eastport.`), ['Tobias Quennell']);
  assert.deepEqual(names(`${DOCKET}Police said Tobias Quennell (34) was taken to the hospital.`), ['Tobias Quennell']);
  assert.deepEqual(names(`${DOCKET}Police said Tobias Quennell, 34 of Eastport, was arrested.`), ['Tobias Quennell']);
  assert.deepEqual(names(`${DOCKET}Police said Tobias Quennell of Eastport died at the scene.`), ['Tobias Quennell']);
  assert.deepEqual(names(`${DOCKET}She was the daughter of Margot and Tobias Quennell.`), ['Margot', 'Tobias Quennell']);
  assert.deepEqual(names(`${DOCKET}He is survived by his wife of 40 years, Margot; and his son, Tobias Quennell.`), ['Margot', 'Tobias Quennell']);
  // an officer at work is named by the office's title; a list item in brackets is no age
  assert.deepEqual(names(`${DOCKET}Police said Officer Tobias Quennell was injured in the crash.`), []);
  assert.deepEqual(names(`${DOCKET}The magistrates are Tobias Quennell (3) and others.`), []);
  // a defendant who holds a public office is named in it
  assert.deepEqual(names(`${DOCKET}Relator sued proposed defendant TOBIAS QUENNELL in quo warranto to remove him from the public office of city council member.`), []);
});

test('log rows: a requester for a public body acts for it, a firm of surnames is a firm, a column of names takes unknown pairs', () => {
  const log = (rows: string[]) => `${DOCKET}${rows.join('\n')}`;
  const rows = ['21-0417 | Quist, Bartholomew | - | received 2/3/2021', '21-0418 | Osei, Amanda | - | received 2/4/2021', '21-0419 | Lund, Peter | - | received 2/5/2021'];
  assert.deepEqual(names(log([...rows, '21-0420 | Hurley, Weneeke | - | received 2/6/2021'])).slice(-1), ['Hurley, Weneeke']);
  assert.ok(!names(log([...rows, '21-0421 | Quennell, Donald | County of Eastport | received 2/7/2021'])).includes('Quennell, Donald'));
  assert.ok(!names(log([...rows, '21-0422 | Quennell, Donald | Eastport Department of Health | received 2/7/2021'])).includes('Quennell, Donald'));
  assert.ok(names(log([...rows, '21-0423 | Quennell, Donald | Eastport County Chronicle | received 2/7/2021'])).includes('Quennell, Donald'));
  const firm = names(log([...rows, '21-0424 | DeVoss, Fred | DeVoss, Acton, and Stafford | received 2/8/2021']));
  assert.ok(firm.includes('DeVoss, Fred') && !firm.includes('DeVoss'), firm.join('; '));
});

test('"First Last, First Last" lists two people, not a two-word surname; "1993 letters from Dr." is no street', () => {
  assert.ok(!names('It sought four 1993 letters from Dr. Donald Millbrook, Richard Metzger and others.').some((n) => n.includes(',')));
  assert.ok(!names(`${DOCKET}It sought four 1993 letters from Dr. Donald Millbrook and others.`).includes('Dr. Donald Millbrook'));
});

test('family after a line break, a fiancé, grandchildren most of whose names the lists know; a label run into its value; a wrapped list', () => {
  assert.deepEqual(names(`${DOCKET}He is survived by his daughter, Erica and fiance Tobias Quennell; and eight grandchildren,\nNikko, Julian, Angel, Sophie, Tristan and Grayson.`).filter((n) => /Quennell|Nikko|Grayson/.test(n)), ['Tobias Quennell', 'Nikko', 'Grayson']);
  assert.deepEqual(names('- Title:AICP, CFM - Senior Planner'), []);
  assert.ok(!names('Present: Roger Kane, Coyne Krupske, Annette\nMacNeal, Brian Matthews, Robin McIntosh').some((n) => n.includes(',')));
});

test('family: children of a parent, a grandparent of, in-laws, a spouse in brackets and a spouse married as "the former"', () => {
  const resolution = (line: string) => names(`${DOCKET}${line}`);
  assert.deepEqual(resolution('He was the beloved father of Alma, Ines and Bruno.'), ['Alma', 'Ines', 'Bruno']);
  assert.deepEqual(resolution('He was the devoted grandfather of Lucia, Mateo and Sofia.'), ['Lucia', 'Mateo', 'Sofia']);
  assert.deepEqual(resolution('He is survived by his daughters, Alma (Rafael) Ortiz and Ines (Tomas) Berg.'), ['Alma (Rafael) Ortiz', 'Ines (Tomas) Berg']);
  assert.deepEqual(resolution('He married the former Margot Lindqvist in 1962.'), ['Margot Lindqvist']);
  assert.ok(resolution('He leaves his son Bruno and his daughter-in-law Petra.').includes('Petra'));
  // a father of an idea or a place is no relative
  assert.deepEqual(resolution('He was the father of the county park system.'), []);
});

test("full names one a line under a meeting's speakers are one name a line, each a speaker", () => {
  const minutes = `${PROSE}\nPublic hearing: Ordinance 8535\nSpeakers:\nLaurie Ashby\nElmar Quennell\nTim Okonkwo – Pooling with Jenny – 4 min\nAnne Lindqvist\nMotion: Wallach | Seconded: Winer\n`;
  assert.deepEqual(names(minutes), ['Laurie Ashby', 'Elmar Quennell', 'Tim Okonkwo', 'Anne Lindqvist']);
  // the line before may end with a note that names someone, or with a topic
  const notes = `${PROSE}\nSpeakers:\nMichelle Ashby – Pooling with Tim Okonkwo\nAnne Lindqvist\nOpen comment (name | topic):\nKeaton Ashby | NAN\nKris Quennell | NAN\n`;
  for (const name of ['Anne Lindqvist', 'Kris Quennell']) assert.ok(names(notes).includes(name), name);
  // a name wrapped after a given name or an initial still joins its surname on the next line
  assert.ok(names('The witness was Dr. Aisha\nPatel of Eastport.').some((n) => n.endsWith('Aisha\nPatel')));
});

test("an institution named after someone, and a word opening an organisation's name with \"at\", are no one", () => {
  const page = `${PROSE}\nArrest_Location: EASTPORT | Facility: Paul Rein Detention Facility\nFacility: Joseph V. Conte Facility\nplaintiff: Tavistock at Mays Landing Homeowners Association, Inc.\ndefendant: Tobias Quennell\n`;
  assert.deepEqual(names(page), ['Tobias Quennell']);
  // a person at an organisation is still a person
  assert.ok(names(`${PROSE}\nThe claimant, Tobias Quennell at Acme Corporation, wrote to us.`).includes('Tobias Quennell'));
});

test('a given name wrapped onto the next line after another given name is the middle of one name, in capitals too', () => {
  // a court calendar's case title wraps a guardian's name after its first word ("EARL" is also a dictionary word)
  assert.deepEqual(names('MINOR, BY AND THROUGH HER GUARDIAN AD LITEM, MARCUS\nEARL OKONJO DELACRUZ VS QUILL TOWN HOMES, L.P.'), ['MARCUS\nEARL OKONJO DELACRUZ']);
  // given names one per line are a list, not one name
  assert.ok(!names('Volunteers present:\nMarcus\nEarl\nGrant').some((n) => n.includes('Earl')));
});

test("a given name that is also a word starts a name in a speakers' table", () => {
  // the shape of a planning commission's public-comment table (real-text batch 11, tuning half)
  // enough rows for a record of 100 words or more, where a name needs evidence of a private part
  const rows = ['Gordon Chin', 'David Copperman', 'Bud Wilson', 'Art Ballastson', 'Claudia Callaher', 'Frank Noto', 'Margarita Perry', 'Ted Quarry', 'Linda Chass', 'Austin Brian', 'Sima Kushnirsky', 'John Bardis'];
  const table = [
    "Planning Commission: speakers recorded in the commission's minutes, item by item (meeting date | section | item | case number | speaker as the minutes print the name | comment), from a civic dataset",
    'meeting_date | section | item_num | record_id | name_raw | comment',
    ...rows.map((n, i) => `1998-01-15 | REGULAR CALENDAR | ${i + 2} | 97.${700 + i}D | ${n} | `),
  ].join('\n');
  const names = detectedTexts(table, 'personal.name');
  assert.ok(names.includes('Art Ballastson') && names.includes('Frank Noto'), names.join('; '));
});

test("a lone given name in a speaker's note is the listed speaker whose full name it starts, when no one else's can be", () => {
  const minutes = (extra: string) =>
    `${PROSE}\nPublic hearing: Ordinance 8535\nSpeakers:\nTim Okonkwo – Pooling with Michelle and Jenny – 4 min\nMichelle Ashby – Pooling with Tim Okonkwo\nJenny Quennell\nRafe Lindqvist spoke on behalf of Sara\nSara Ibsen – Not present\nJim Delacroix – Pooling with Jim & Nora\nJim Quist\n${extra}Motion: Wallach | Seconded: Winer\n`;
  const found = names(minutes(''));
  for (const name of ['Michelle', 'Jenny', 'Sara', 'Jim']) assert.ok(found.includes(name), `${name}: ${found.join('; ')}`);
  // "Nora" starts no listed speaker's name: it stays unread, as before
  assert.ok(!found.includes('Nora'), found.join('; '));
  // a full name starting with the word that is no listed speaker (a clerk, a member) makes the given name anyone's
  const clerk = names(minutes('').replace('Public hearing:', 'Clerk Michelle Ravenscroft opened the hearing.\nPublic hearing:'));
  assert.ok(!clerk.includes('Michelle') && clerk.includes('Jenny'), clerk.join('; '));
  // outside a speaker's line the given name needs its own evidence
  const prose = names(`${minutes("")}The chair said that Michelle thanked the council.\n`);
  assert.equal(prose.filter((n) => n === 'Michelle').length, 1, prose.join('; '));
});

test("a label opening a record's line of fields is no speaker", () => {
  // a police department's daily arrest record (real-text batch 12, tuning half, invented values): "Addr:" followed by
  // a word and more fields read as a transcript's speaker
  const record = "Name: ROE,JAN DOB:04/17/91 Sex:FEMALE Race:WHITE\nAddr: NCA Hgt: 5'06 Wgt:150 Hair:BROWN STRAIGHT\n";
  assert.ok(!detectedTexts(record, 'personal.name').includes('Addr'), detectedTexts(record, 'personal.name').join(', '));
  // a speaker's turn is still one
  assert.deepEqual(detectedTexts('Ubul: What a wife. Kestrin: She sold the boat.\n', 'personal.name').includes('Ubul'), true);
});

test("a speakers' entry with a full name's shape is read as a name even when its words are dictionary words", () => {
  // the shape of a planning commission's public-comment table and a council's speakers list (real-text batch 11, tuning half)
  const rows = ['Gordon Chin', 'Judy West', 'Rich Ow', 'T.D. Cook', 'Lizz A. Mo', 'Board of Education', 'President', 'Planning Department Staff', 'Claudia Callaher', 'Frank Noto', 'Ted Quarry', 'Linda Chass'];
  const table = [
    "Planning Commission: speakers recorded in the commission's minutes, item by item (meeting date | section | item | case number | speaker as the minutes print the name | comment), from a civic dataset",
    'meeting_date | section | item_num | record_id | name_raw | comment',
    ...rows.map((n, i) => `1998-01-15 | REGULAR CALENDAR | ${i + 2} | 97.${700 + i}D | ${n} | `),
  ].join('\n');
  const found = detectedTexts(table, 'personal.name');
  for (const name of ['Judy West', 'Rich Ow', 'T.D. Cook', 'Lizz A. Mo']) assert.ok(found.includes(name), `${name}: ${found.join('; ')}`);
  for (const other of ['Board', 'Education', 'President', 'Planning']) assert.ok(!found.some((n) => n.includes(other)), found.join('; '));
  const list = names(`${PROSE}\nPublic hearing: Ordinance 8535\nSpeakers:\nLaurie Ashby\nWorth Baker\nRich Ow – Pooling with Laurie Ashby\nMotion: Wallach | Seconded: Winer\n`);
  for (const name of ['Worth Baker', 'Rich Ow']) assert.ok(list.includes(name), `${name}: ${list.join('; ')}`);
  // the same cells in a staff roster (no speakers' heading or column) are no one's entries of the public
  const roster = names(`${PROSE}\nname | title | phone\nJudy West | Planner | 555-0100\nRich Ow | Clerk | 555-0101\n`);
  assert.ok(!roster.includes('Judy West') && !roster.includes('Rich Ow'), roster.join('; '));
});

test('a cell of a column its header names as a place is no person: neighbourhoods under an arrest table\'s neighbourhood field', () => {
  // real-text batch 16, tuning half: a city police department's arrest table (invented values); the field name runs
  // two words together
  const table = (header: string) =>
    `PK | AGE | GENDER | ARRESTTIME | OFFENSES | ${header} | ZONE\n1975272 | 42 | F | 2016-08-24T12:20:00 | 3929 Retail Theft. | Quillfield | 5\n1974466 | 63 | F | 2016-08-03T16:45:00 | 3929 Retail Theft. | Westwood | 5\n`;
  assert.deepEqual(detectedTexts(table('INCIDENTNEIGHBORHOOD'), 'personal.name'), []);
  assert.deepEqual(detectedTexts(table('Neighborhood'), 'personal.name'), []);
  // a column of people keeps its names
  assert.deepEqual(detectedTexts(table('Arrestee Name'), 'personal.name'), ['Quillfield', 'Westwood']);
});

test('a wide text table laid out on a page wraps its records: a neighbourhood cell is read under its header in the record read whole', () => {
  // real-text batch 16, tuning half, as the eval's layout wraps the arrest table (invented values)
  const table = [
    'PK | CCR | AGE | GENDER | RACE | ARRESTTIME | ARRESTLOCATION | OFFENSES | INCIDENTLOCATION |',
    'INCIDENTNEIGHBORHOOD | INCIDENTZONE | INCIDENTTRACT | COUNCIL_DISTRICT |',
    'PUBLIC_WORKS_DIVISION',
    '1975272 | 16158872 | 42 | F | B | 2016-08-24T12:20:00 | 4700 Block Quill AV Pittsburgh, PA 15213 | 3929',
    'Retail Theft. | 4700 Block Quill AV Pittsburgh, PA 15213 | Quillfield | 5 | 804 | 8 | 2',
    '1974466 | 16144165 | 63 | F | B | 2016-08-03T16:45:00 | 900 Block Quill RD Fox Chapel, PA 15238 | 3929',
    'Retail Theft. | 900 Block Quill RD Fox Chapel, PA 15238 | Westwood | 5 | 2811 | 9 | 2',
  ].join('\n');
  assert.deepEqual(detectedTexts(table, 'personal.name'), []);
});
