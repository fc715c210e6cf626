/**
 * @module
 * Every `daylight` command, in the order `daylight --help` lists them.
 * Adding a command is one module in this folder and one line here.
 */
import type { Command } from '../command.ts';
import { demoCommand } from './demo.ts';
import { extractCommand } from './extract.ts';
import { publishCommand } from './publish.ts';
import { reviewCommand } from './review.ts';
import { usersCommand } from './users.ts';
import { batch } from './batch.ts';
import { worker } from './worker.ts';
import { status } from './status.ts';
import { purge } from './purge.ts';
import { audit } from './audit.ts';
import { redactCommand } from './redact.ts';
import { verifyCommand } from './verify.ts';
import { auditInputCommand } from './audit-input.ts';
import { detectCommand } from './detect.ts';
import { doctor } from './doctor.ts';

export const commands: Command[] = [
  demoCommand,
  // one document, stage by stage
  extractCommand,
  detectCommand,
  redactCommand,
  verifyCommand,
  auditInputCommand,
  // a records office's workflow
  batch,
  worker,
  status,
  reviewCommand,
  usersCommand,
  publishCommand,
  purge,
  audit,
  doctor,
];
