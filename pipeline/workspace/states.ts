/**
 * @module
 * The document state machine. `canTransition` is the one place that says which
 * moves are allowed; `setState` in documents.ts is the one place that moves.
 *
 * queued → extracted → detected → redacted → verified → in_review → approved → published
 *                                                            ↘ sent_back → in_review
 * Any state before approval → failed; failed → queued (a rerun retries it).
 * `duplicate` is terminal: the same bytes as another document of the batch.
 */
export const DOCUMENT_STATES = [
  'queued',
  'extracted',
  'detected',
  'redacted',
  'verified',
  'in_review',
  'approved',
  'sent_back',
  'published',
  'failed',
  'duplicate',
] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/** States a document row may be created in. */
export const INITIAL_STATES: readonly DocumentState[] = ['queued', 'failed', 'duplicate'];

const allowed: Record<DocumentState, readonly DocumentState[]> = {
  queued: ['extracted', 'failed'],
  extracted: ['detected', 'failed'],
  detected: ['redacted', 'failed'],
  redacted: ['verified', 'failed'],
  verified: ['in_review', 'failed'],
  // Approval and send-back are the approver's (review app).
  in_review: ['approved', 'sent_back', 'failed'],
  sent_back: ['in_review', 'failed'],
  approved: ['published', 'in_review'],
  published: [],
  failed: ['queued'],
  duplicate: [],
};

export function canTransition(from: DocumentState, to: DocumentState): boolean {
  return allowed[from].includes(to);
}

export function isDocumentState(value: string): value is DocumentState {
  return (DOCUMENT_STATES as readonly string[]).includes(value);
}

/** States in which the batch pipeline still has work to do on a document. */
export const PIPELINE_STATES: readonly DocumentState[] = ['queued', 'extracted', 'detected', 'redacted', 'verified'];
