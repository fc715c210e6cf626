/**
 * @module
 * The helper process behind `tool-runner.ts`: takes tool requests over IPC, runs
 * each with execFile and sends back what it printed, as bytes. It holds nothing else, so
 * starting a tool from here is cheap. It exits when its parent goes.
 */
import { runRaw } from './tool-runner.ts';
import type { ToolRequest } from './tool-runner.ts';

process.on('message', (message: { id: number } & ToolRequest) => {
  void runRaw(message).then((reply) => process.send?.({ id: message.id, ...reply }));
});
process.on('disconnect', () => process.exit(0));
