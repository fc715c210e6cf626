/**
 * @module
 * Every `daylight` command, in the order `daylight --help` lists them.
 * Adding a command is one module in this folder and one line here.
 */
import type { Command } from '../command.ts';
import { publishCommand } from './publish.ts';
import { reviewCommand } from './review.ts';
import { usersCommand } from './users.ts';

export const commands: Command[] = [reviewCommand, usersCommand, publishCommand];
