/**
 * @module
 * Every `daylight` command, in the order `daylight --help` lists them.
 * Adding a command is one module in this folder and one line here.
 */
import type { Command } from '../command.ts';

export const commands: Command[] = [];
