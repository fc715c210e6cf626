import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOCUMENT_STATES, canTransition } from './states.ts';
import type { DocumentState } from './states.ts';

const allowedMoves: [DocumentState, DocumentState][] = [
  ['queued', 'extracted'],
  ['extracted', 'detected'],
  ['detected', 'redacted'],
  ['redacted', 'verified'],
  ['verified', 'in_review'],
  ['in_review', 'approved'],
  ['in_review', 'sent_back'],
  ['sent_back', 'in_review'],
  ['approved', 'published'],
  ['approved', 'in_review'],
  ['queued', 'failed'],
  ['verified', 'failed'],
  ['failed', 'queued'],
];

const forbiddenMoves: [DocumentState, DocumentState][] = [
  ['queued', 'detected'], // skipping a stage
  ['extracted', 'in_review'],
  ['redacted', 'approved'], // approval without review
  ['in_review', 'published'], // publishing without approval
  ['sent_back', 'approved'],
  ['sent_back', 'published'],
  ['published', 'in_review'],
  ['published', 'failed'],
  ['approved', 'failed'],
  ['duplicate', 'queued'],
  ['failed', 'in_review'],
  ['extracted', 'queued'],
];

test('allowed moves are allowed', () => {
  for (const [from, to] of allowedMoves) assert.ok(canTransition(from, to), `${from} → ${to}`);
});

test('forbidden moves are refused', () => {
  for (const [from, to] of forbiddenMoves) assert.ok(!canTransition(from, to), `${from} → ${to}`);
});

test('no state moves to itself, and the only way to published is through approved', () => {
  for (const s of DOCUMENT_STATES) {
    assert.ok(!canTransition(s, s), s);
    if (s !== 'approved') assert.ok(!canTransition(s, 'published'), `${s} → published`);
  }
});
