/**
 * @module
 * The workspace API in one import, for the batch, review and publish code:
 * the interface over both adapters (store/) and the blob stores' extras.
 * See README.md in this folder for an overview.
 */
export * from './store/index.ts';
export { putBlob, readBlob, hasBlob, blobPath, disposeBlob } from './blobs.ts';
export type { BlobFs } from './blobs.ts';
