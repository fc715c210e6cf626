/**
 * Detection's regular expressions against catastrophic backtracking (issue 14: one pattern once took 158 CPU s on
 * a 2-page court calendar). Every regular expression that detection runs from a module of this folder is collected
 * by running detection on the samples' pages and on adversarial lines (long runs of capitals, commas, digits,
 * spaces, dots, repeated name-like words, mixed, after the words that open the patterns), so patterns built at run
 * time and those reached only on odd lines are caught too. Each is then checked structurally, not by a clock, with
 * scslre (a static analysis of JS regular expressions over attack strings that repeat one character):
 * - no exponential backtracking, ever;
 * - no "Trade": two quantifiers that can share the same run of a character make one attempt's work polynomial
 *   (quadratic or worse), and trying the pattern at every start of a line makes it cubic: about 10^9 steps for a line
 *   of 2,000 spaces.
 * scslre's "Move" reports are allowed: they are the linear search for a start, which a line bounds.
 * Then every collected pattern runs on adversarial lines of up to 2,000 characters (seeded, so every run reads the
 * same lines): the test's timeout, not an assertion, is what a runaway would hit.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyse } from 'scslre';
import { defaultPolicy } from '../policy/load-policy.ts';
import { detectDocuments } from './run.ts';
import { seeded } from '../../samples/lib/seeded.ts';
import { textDocument } from './text-document.ts';

/** Words that open or label detection's patterns, so an adversarial run reaches the quantifiers behind them. */
const OPENERS = ['', '', 'Case: ', 'Judge ', 'JOHN SMITH, ', 'Room ', 'From: ', 'Date of birth ', 'born in ', 'creditor ', 'Sincerely,\n', 'SSN ', 'Phone: ', 'Address: ', '123 Main St', 'Smith, John', 'Dr. ', 'Re: ', '| ', 'Name: ', 'ATTY: ', 'in his official capacity ', 'zip code ', 'your case ', 'Account '];
/** What a run repeats: one character, or a short unit a layout or a list repeats. */
const UNITS = ['A', 'a', ',', '1', ' ', '.', '-', ':', '\t', 'A ', 'A, ', 'Smith ', 'JOHN ', 'Mary Ann ', '1 ', '1,', '. ', ', ', 'A.', 'Mc', "O'", '& ', 'and ', '#1 ', 'St '];
const ENDS = ['', 'x', '!', '\u0001', ',', ' 1', ' Judge', ' Street', '@'];

function adversarialLines(count: number, maxLength: number, seed: number): string[] {
  const r = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = pick(OPENERS);
    const end = pick(ENDS);
    // one long run, or a mix of runs
    const mixed = r() < 0.4;
    while (line.length + end.length < maxLength) {
      const unit = pick(UNITS);
      const times = mixed ? 1 + Math.floor(r() * 12) : maxLength;
      line += unit.repeat(Math.min(times, Math.floor((maxLength - line.length - end.length) / unit.length) || 1));
      if (!mixed) break;
    }
    lines.push((line.slice(0, maxLength - end.length) + end).replace(/\n(?=[^]*\n)/g, ' '));
  }
  return lines;
}

/** Every regular expression run from a module of redaction/detect while `fn` runs, by source and flags. */
function collectRegexes(fn: () => void): Map<string, RegExp> {
  const found = new Map<string, RegExp>();
  const seen = new WeakSet<RegExp>();
  const exec = RegExp.prototype.exec;
  let inside = false;
  // String's match, matchAll, replace, search and split and RegExp's test all call `exec` (ECMAScript RegExpExec)
  RegExp.prototype.exec = function (this: RegExp, s: string) {
    if (!inside && !seen.has(this)) {
      inside = true;
      seen.add(this);
      const key = `/${this.source}/${this.flags}`;
      if (!found.has(key)) {
        const caller = (new Error().stack ?? '').split('\n').slice(2).find((l) => l.includes('file://'));
        if (caller?.includes('/redaction/detect/') && !caller.includes('.test.ts')) found.set(key, new RegExp(this.source, this.flags));
      }
      inside = false;
    }
    return exec.call(this, s);
  };
  try {
    fn();
  } finally {
    RegExp.prototype.exec = exec;
  }
  return found;
}

const gt = join(import.meta.dirname, '..', '..', 'samples', 'gt');
const samplePages = readdirSync(gt).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(gt, f), 'utf8'));

const regexes = collectRegexes(() => {
  const policy = defaultPolicy();
  detectDocuments(samplePages.map((p, i) => textDocument([p], { fileName: `sample-${i}.pdf` })), policy);
  // adversarial lines inside detection, short enough that a pattern with polynomial backtracking still ends soon
  const lines = adversarialLines(300, 160, 14);
  for (let i = 0; i < lines.length; i += 30) detectDocuments([textDocument([lines.slice(i, i + 30).join('\n')], { fileName: `adversarial-${i}.pdf` })], policy);
});

test('detection runs many regular expressions of its own: the collection works', () => {
  assert.ok(regexes.size > 200, `only ${regexes.size} collected`);
});

test("no regular expression of detection backtracks exponentially or polynomially (scslre's Self and Trade)", () => {
  const bad: string[] = [];
  for (const [key, re] of regexes) {
    const { reports } = analyse({ source: re.source, flags: re.flags });
    const kinds = reports.filter((r) => r.exponential || r.type !== 'Move');
    if (kinds.length) bad.push(`${[...new Set(kinds.map((r) => `${r.exponential ? 'exponential ' : ''}${r.type} on "${r.character.pick}"`))].join(', ')}: ${key.slice(0, 200)}`);
  }
  // A Trade is fixed by giving a run to one quantifier: `A*B?A*` matches what `A*(?:BA*)?` matches.
  assert.deepEqual(bad, []);
});

test('every regular expression of detection runs to its end on adversarial lines of up to 2,000 characters', { timeout: 120_000 }, () => {
  const lines = adversarialLines(60, 2000, 41);
  let runs = 0;
  for (const re of regexes.values()) {
    for (const line of lines) {
      re.lastIndex = 0;
      if (re.global || re.sticky) for (const _ of line.matchAll(re.sticky && !re.global ? new RegExp(re.source, `${re.flags}g`) : re)) runs++;
      else re.exec(line);
      runs++;
    }
  }
  assert.ok(runs >= regexes.size * lines.length);
});
