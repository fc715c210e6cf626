/**
 * @module
 * The review app: a Hono application over one workspace. Tests drive it with
 * `app.request(...)`; `server.ts` serves it on a port.
 *
 * ```ts
 * const app = createReviewApp({ ws, policy });
 * const res = await app.request('/login');
 * ```
 *
 * Order matters: headers and the traversal check wrap everything; the login
 * page and static assets are public; every other route is behind the session
 * gate and the CSRF guard, then its own capability check.
 */
import { Hono } from 'hono';
import { defaultThrottle, createLoginThrottle } from './auth/throttle.ts';
import { clientAddressBehind } from './auth/client-address.ts';
import { csrfGuard, limitBody, rejectTraversal, securityHeaders, sessionGate } from './auth/middleware.ts';
import type { AppEnv, ReviewOptions } from './context.ts';
import { createPageImageCache } from './page-image.ts';
import { adminRoutes } from './routes/admin.ts';
import { batchRoutes } from './routes/batches.ts';
import { apiRoutes } from './routes/api.ts';
import { queueRoutes } from './routes/queue.ts';
import { historyRoutes } from './routes/history.ts';
import { releaseRoutes } from './routes/release.ts';
import { documentRoutes } from './routes/documents.ts';
import { loginRoutes } from './routes/login.ts';
import { staticAsset } from './static-assets.ts';
import { DEFAULT_IDLE_MS } from '../workspace/store/index.ts';
import { verifiedArtifact } from './artifact.ts';
import { reviewService } from './service.ts';

export type ReviewAppOptions = Pick<ReviewOptions, 'ws' | 'policy'> & Partial<Omit<ReviewOptions, 'ws' | 'policy'>>;


export function createReviewApp(input: ReviewAppOptions): Hono<AppEnv> {
  const options: ReviewOptions = {
    secure: false,
    idleMs: DEFAULT_IDLE_MS,
    throttle: createLoginThrottle(input.ws, defaultThrottle),
    pageImages: createPageImageCache(),
    buildArtifact: verifiedArtifact,
    clientAddress: clientAddressBehind([]),
    ...input,
  };
  const app = new Hono<AppEnv>();
  app.use('*', securityHeaders(options.secure), rejectTraversal, limitBody);

  app.get('/static/:name', (c) => {
    const asset = staticAsset(c.req.param('name'));
    if (!asset) return c.notFound();
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, { ETag: asset.etag, 'Cache-Control': 'no-cache' });
    return c.body(asset.body, 200, { 'Content-Type': asset.type, ETag: asset.etag, 'Cache-Control': 'no-cache' });
  });
  app.route('/', loginRoutes(options));

  app.use('*', sessionGate(options), csrfGuard);
  const review = reviewService(options);
  app.route('/', apiRoutes(options, review));
  app.route('/', adminRoutes(options));
  app.route('/', queueRoutes(options));
  app.route('/', historyRoutes(review));
  app.route('/', releaseRoutes(options, review));
  app.route('/', batchRoutes(options, review));
  app.route('/', documentRoutes(options, review));

  app.notFound((c) => c.text('Not found.', 404));
  app.onError((error, c) => {
    process.stderr.write(`daylight review: ${c.req.method} ${c.req.path}: ${(error as Error).stack ?? error}\n`);
    return c.text('Something went wrong on the server; the error was logged.', 500);
  });
  return app;
}
