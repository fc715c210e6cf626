import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectedTexts } from '../../test/support/detected.ts';

function accounts(page: string): string[] {
  return detectedTexts(page, 'personal.bank-account');
}

test('"Account No." in running text numbers a ledger: an agenda\'s budget transfer, an employer\'s account', () => {
  // the shape of a city council's consent-agenda budget transfer and an unemployment appeals decision
  assert.deepEqual(accounts('Approve a budget transfer of $40,000 from Account No. 0101-4410-5190 to Account No. 0101-4410-5310.'), []);
  assert.deepEqual(accounts('Funds are available in account number 10012345 (General Fund, Parks Division).'), []);
  assert.deepEqual(accounts("Employer: Riverside Logistics LLC. The employer's unemployment insurance account number is 0123456-7."), []);
});

test("a person's account is found by a personal label, a form's printed label or a column's header", () => {
  assert.deepEqual(accounts('Please deposit my refund to checking account 0012345678 at First Bank.'), ['0012345678']);
  assert.deepEqual(accounts('The benefit is paid to her account 0012345678 each month.'), ['0012345678']);
  // a roster's direct-deposit column (the samples' personnel roster has such a column)
  assert.deepEqual(accounts('Name                 Employee ID   Deposit Account No.\nBANERJEE, Arnav K.   E-40152       0048812761\nLINDQVIST, Åsa       E-40251       1190076254'), ['0048812761', '1190076254']);
});
