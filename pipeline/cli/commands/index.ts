/**
 * @module
 * Every `daylight` command, in the order `daylight --help` lists them.
 *
 * An entry names the command and loads its module only when that command runs, so
 * `daylight --help` loads none of them and `daylight extract` loads only extraction
 * and OCR (loading every module cost about 2 CPU s at each start).
 * Adding a command is one module in this folder and one entry here:
 *
 * ```ts
 * { name: 'policy', summary: '…same text as the module…', load: async () => (await import('./policy.ts')).policyCommand },
 * ```
 *
 * `test/cli/cli.test.ts` checks that each entry's name and summary match its module's.
 */
import type { CommandEntry } from '../command.ts';

export const commands: CommandEntry[] = [
  {
    name: 'demo',
    summary: 'Run the whole path (batch → approve → publish) on the samples and serve the portal and review app.',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
  // one document, stage by stage
  {
    name: 'extract',
    summary: 'Read a PDF or a scan (PNG, JPEG, TIFF) into words with positions, using OCR where there is no usable text.',
    load: async () => (await import('./extract.ts')).extractCommand,
  },
  {
    name: 'detect',
    summary: 'Find names, numbers, markings and other protected details, each with its category, exemption and reason.',
    load: async () => (await import('./detect.ts')).detectCommand,
  },
  {
    name: 'redact',
    summary: 'Redact one PDF or scan into a new, verified release PDF and its redaction log.',
    load: async () => (await import('./redact.ts')).redactCommand,
  },
  {
    name: 'verify',
    summary:
      'Check a PDF for text that can be extracted but should not be: hidden text, metadata, annotations, forms, attachments, scripts, revisions.',
    load: async () => (await import('./verify.ts')).verifyCommand,
  },
  {
    name: 'audit-input',
    summary: 'List what a PDF hides: text under earlier boxes, invisible text, and content off the page.',
    load: async () => (await import('./audit-input.ts')).auditInputCommand,
  },
  // a records office's workflow
  {
    name: 'batch',
    summary: 'Run a folder of documents through extraction, detection, redaction and verification, and queue them for review.',
    load: async () => (await import('./batch.ts')).batch,
  },
  {
    name: 'worker',
    summary: 'Take batch jobs from the shared PostgreSQL queue and run them (scaled mode; run one or more per machine).',
    load: async () => (await import('./worker.ts')).worker,
  },
  {
    name: 'status',
    summary: 'Show batches and documents by state, failures with their reasons, and the review queue.',
    load: async () => (await import('./status.ts')).status,
  },
  {
    name: 'review',
    summary: 'Serve the review app: approvers check each proposed redaction, decide and sign off.',
    load: async () => (await import('./review.ts')).reviewCommand,
  },
  {
    name: 'users',
    summary: 'Add, list or disable the people who may sign in to `daylight review`, or set a new password.',
    load: async () => (await import('./users.ts')).usersCommand,
  },
  {
    name: 'policy',
    summary: "Suggest values approvers keep rejecting for the office's allow list, and accept them into the policy file (admins).",
    load: async () => (await import('./policy.ts')).policyCommand,
  },
  {
    name: 'publish',
    summary: 'Build the public portal (static site) from approved documents only.',
    load: async () => (await import('./publish.ts')).publishCommand,
  },
  {
    name: 'purge',
    summary: 'Securely dispose of originals and intermediate files of documents released before a date.',
    load: async () => (await import('./purge.ts')).purge,
  },
  {
    name: 'audit',
    summary: "Check the workspace's audit log (`daylight audit verify [--against SITE]`) or seal its chains (`daylight audit seal`).",
    load: async () => (await import('./audit.ts')).audit,
  },
  {
    name: 'doctor',
    summary: 'Check the database, migrations, audit key, blob store and job queue this machine would use.',
    load: async () => (await import('./doctor.ts')).doctor,
  },
];
