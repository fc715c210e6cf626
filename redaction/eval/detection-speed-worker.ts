/**
 * @module
 * The thread `isolatedDetectionSpeed` starts: it detects one corpus only, so its timing does not depend on what an
 * earlier corpus left in the isolate (optimised code shaped by other documents, a grown heap). It reports one
 * `DetectionSpeed` and ends.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type { Document } from '../../pipeline/model/types.ts';
import type { Policy } from '../policy/types.ts';
import { steadySpeed } from './detection-speed.ts';

// a full collection before each timed pass: exposed in a context of its own, so the thread's globals stay as in a batch
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const { documents, policy, passes, warmUpPages } = workerData as { documents: Document[]; policy: Policy; passes: number; warmUpPages: number };
parentPort!.postMessage(steadySpeed(documents, policy, { passes, warmUpPages, gc }));
