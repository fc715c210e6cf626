import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDetector } from './detector.ts';
import { prepareInput } from './input.ts';
import { textDocument } from './text-document.ts';
import { signatureBlock } from './signature-block.ts';

/** The values the signature-block detector finds in `text`. */
function signers(text: string): string[] {
  const input = prepareInput(textDocument([text], { source: 'text' }));
  return runDetector(signatureBlock, input, 0).map((c) => input.text.slice(c.start, c.end));
}

test("a private writer's letter closing informally is signed by the writer's name on the next line", () => {
  // real-text batch 13, tuning half: a resident's letters to city bodies, each signed with his given name
  assert.deepEqual(signers("I'm a small business owner and an Eastport resident.\n\nThanks very much,\nTobias\n"), ['Tobias']);
  assert.deepEqual(signers('I am a renter and a resident of Eastport.\n\nBest,\nTobias'), ['Tobias']);
  assert.deepEqual(signers("I'm an Eastport resident and a renter.\n\nThanks for considering my concerns,\nTobias\n"), ['Tobias']);
  assert.deepEqual(signers('I am a renter, not a property owner.\n\nThanks,\nTobias Quill'), ['Tobias Quill']);
});

test("an informal closing is no signature where the writer does not say they write as a private person", () => {
  // an assistant secretary's e-mail in a released State Department thread (real-text batch 6, tuning half)
  assert.deepEqual(signers('Thank you (and I enjoyed the break from the talks...)\n\nBest,\nPhil\nUNCLASSIFIED'), []);
  assert.deepEqual(signers('Please send the figures by Friday.\n\nThanks,\nTobias'), []);
  // a closing word inside a sentence, or a heading that starts like one, is no closing
  assert.deepEqual(signers("I'm a renter.\nThanks for the report, we will review it.\nTobias Quill"), []);
  assert.deepEqual(signers("I'm a renter.\nBest practices include\nTobias Quill"), []);
});
