/**
 * @module
 * Runs the review app over a fixture workspace in its own process, for
 * `bench/review.ts` (so the load generator does not share the server's event
 * loop). Signs in as an approver and prints one JSON line on stdout:
 * `{ url, cookie, memoId, documentIds, serviceMs }`, where `serviceMs` is the
 * sequential in-process time of each path given on the command line. Stops on SIGTERM.
 *
 * `node test/review/serve-fixture.ts <extra copies> <path>...` (paths may use `{memo}`).
 */
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { createReviewApp } from '../../pipeline/review/app.ts';
import { startReviewServer } from '../../pipeline/review/server.ts';
import { listDocuments } from '../../pipeline/workspace/documents.ts';
import { createClient } from './client.ts';
import { PASSWORD, makeReviewFixture } from './fixture.ts';

const [copies, ...paths] = process.argv.slice(2);
const fx = await makeReviewFixture({ extraCopies: Number(copies ?? 0) });
const app = createReviewApp({ ws: fx.ws, policy: defaultPolicy() });
const client = createClient((path, init) => Promise.resolve(app.request(path, init)));
await client.signIn('ana', PASSWORD);
const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const serviceMs: number[] = [];
for (const path of paths.map((p) => p.replace('{memo}', fx.memoId))) {
  await (await app.request(path, { headers: { cookie } })).arrayBuffer();
  const t = performance.now();
  for (let i = 0; i < 300; i++) await (await app.request(path, { headers: { cookie } })).arrayBuffer();
  serviceMs.push((performance.now() - t) / 300);
}
const server = await startReviewServer({ ws: fx.ws, policy: defaultPolicy() }, { host: '127.0.0.1', port: 0 });
// The server has its own session store rows but the same workspace, so the cookie works there too.
process.stdout.write(`${JSON.stringify({ url: server.url, cookie, memoId: fx.memoId, documentIds: listDocuments(fx.ws, { state: 'in_review' }).map((d) => d.id), serviceMs })}\n`);
process.once('SIGTERM', async () => {
  await server.close();
  fx.ws.close();
  process.exit(0);
});
