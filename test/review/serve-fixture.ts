/**
 * @module
 * Runs the review app over a fixture workspace in its own process, for
 * `bench/review.ts` (so the load generator does not share the server's event
 * loop). Signs in two approvers and prints one JSON line on stdout:
 * `{ url, cookie, cookieBo, memoId, longIds, documentIds, serviceMs }`, where
 * `serviceMs` is the sequential in-process time of each path given on the
 * command line and `longIds` are long reports (20 pages, 30 findings) added
 * with `--long N`. Stops on SIGTERM.
 *
 * `node test/review/serve-fixture.ts <extra copies> [--long N] <path>...` (paths may use `{memo}` and `{long}`).
 */
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { createReviewApp } from '../../pipeline/review/app.ts';
import { startReviewServer } from '../../pipeline/review/server.ts';
import { listBatches } from '../../pipeline/workspace/store/index.ts';
import { listDocuments } from '../../pipeline/workspace/store/index.ts';
import { createClient } from './client.ts';
import { PASSWORD, addDocument, longReport, makeReviewFixture } from './fixture.ts';

const args = process.argv.slice(2);
const copies = Number(args.shift() ?? 0);
let longCount = 0;
if (args[0] === '--long') {
  args.shift();
  longCount = Number(args.shift() ?? 0);
}
const fx = await makeReviewFixture({ extraCopies: copies });
const longIds: string[] = [];
for (let i = 1; i <= longCount; i++) longIds.push((await addDocument(fx.ws, (await listBatches(fx.ws))[0].id, longReport(`long-report-${i}.pdf`))).id);
const app = createReviewApp({ ws: fx.ws, policy: defaultPolicy() });
const cookieOf = async (name: string) => {
  const client = createClient((path, init) => Promise.resolve(app.request(path, init)));
  await client.signIn(name, PASSWORD);
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
};
const cookie = await cookieOf('ana');
const cookieBo = await cookieOf('bo');
const serviceMs: number[] = [];
for (const path of args.map((p) => p.replace('{memo}', fx.memoId).replace('{long}', longIds[0] ?? fx.memoId))) {
  await (await app.request(path, { headers: { cookie } })).arrayBuffer();
  const t = performance.now();
  for (let i = 0; i < 100; i++) await (await app.request(path, { headers: { cookie } })).arrayBuffer();
  serviceMs.push((performance.now() - t) / 100);
}
const server = await startReviewServer({ ws: fx.ws, policy: defaultPolicy() }, { host: '127.0.0.1', port: 0 });
// The server has its own session store rows but the same workspace, so the cookies work there too.
process.stdout.write(`${JSON.stringify({ url: server.url, cookie, cookieBo, memoId: fx.memoId, longIds, documentIds: (await listDocuments(fx.ws, { state: 'in_review' })).map((d) => d.id), serviceMs })}\n`);
process.once('SIGTERM', async () => {
  await server.close();
  await fx.ws.close();
  process.exit(0);
});
