/**
 * @module
 * The workspace API in one import, for the batch, review and publish code.
 * See README.md in this folder for an overview.
 */
export { openWorkspace, DEFAULT_WORKSPACE_DIR, DATABASE_FILE } from './workspace.ts';
export type { Workspace, OpenWorkspaceOptions } from './workspace.ts';
export { DOCUMENT_STATES, canTransition, isDocumentState, PIPELINE_STATES } from './states.ts';
export type { DocumentState } from './states.ts';
export { putBlob, putJsonBlob, readBlob, readJsonBlob, hasBlob, blobPath, sha256Hex, disposeBlob } from './blobs.ts';
export type { BlobStore, BlobFs } from './blobs.ts';
export { findOrCreateBatch, finishBatch, getBatch, listBatches } from './batches.ts';
export type { Batch } from './batches.ts';
export { insertDocument, getDocument, findDocumentByPath, listDocuments, countByState, setState, updateDocumentBlobs } from './documents.ts';
export type { DocumentRecord, DocumentFailure, DocumentQuery, StateChange } from './documents.ts';
export { replacePages, listPages, setPageRender, countPages, pageMeta } from './pages.ts';
export type { PageRecord, PageMeta } from './pages.ts';
export { replaceFindings, listFindings, countFindingsByCategory } from './findings.ts';
export { replaceProposedRedactions, listRedactions, getRedaction, decideRedaction, addReviewerRedaction, lastRedactionEditor, confirmRejection, unconfirmedRejections, automaticRedactionIds } from './redactions.ts';
export { decisionSet, decisionSetHash, hashDecisionSet, decisionMakers, signOffBlockers } from './decision-set.ts';
export type { DecisionSet } from './decision-set.ts';
export type { RedactionRecord } from './redactions.ts';
export { recordReviewDecision, listReviewDecisions, sendBack, requeueForReview, addComment } from './reviews.ts';
export type { ReviewDecision } from './reviews.ts';
export { recordApproval, latestApproval, approvedArtifact, markPublished } from './approvals.ts';
export type { Approval, ApprovalInput } from './approvals.ts';
export { ROLES, createUser, verifyPassword, getUser, findUser, listUsers, setUserDisabled, setPassword, MIN_PASSWORD_LENGTH } from './users.ts';
export type { Role, User } from './users.ts';
export { createSession, getSession, deleteSession, deleteExpiredSessions, DEFAULT_IDLE_MS } from './sessions.ts';
export type { Session, NewSession } from './sessions.ts';
export { appendAudit, listAudit, verifyAuditChain, verifyDocumentChain, chainHead, chainEntry, chainOf, WORKSPACE_CHAIN } from './audit-log.ts';
export type { ChainHead } from './audit-log.ts';
export { auditAnchors, writeAuditAnchors, checkAnchors, AUDIT_ANCHORS_FILE } from './audit-anchors.ts';
export type { AuditAnchors, AnchorCheck } from './audit-anchors.ts';
export type { AuditEntry, AuditInput, AuditVerification } from './audit-log.ts';
export { acquireWorkspaceLock, lockHolder } from './lock.ts';
export { transaction, tryTransaction } from './database.ts';
