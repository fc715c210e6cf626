/**
 * @module
 * Serving the review app on a port with @hono/node-server. Loopback by
 * default; binding elsewhere is the operator's choice, and HTTPS belongs to a
 * reverse proxy in front (then pass `secure` so cookies get `Secure`).
 */
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { threadPool } from '../threads/task-pool.ts';
import { createReviewApp } from './app.ts';
import { artifactBuilder } from './artifact.ts';
import type { ReviewAppOptions } from './app.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function startReviewServer(options: ReviewAppOptions, listen: { host: string; port: number }): Promise<RunningServer> {
  // Approvals rebuild and verify on their own thread, so the app keeps answering meanwhile.
  const tasks = options.buildArtifact ? undefined : threadPool(1);
  const app = createReviewApp(tasks ? { ...options, buildArtifact: artifactBuilder(tasks) } : options);
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, hostname: listen.host, port: listen.port }, (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          close: () =>
            new Promise((done) => {
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
              server.close(() => {
                if (tasks) void tasks.close().then(done);
                else done();
              });
            }),
        });
      });
      server.on('error', (error) => {
        void tasks?.close();
        reject(error);
      });
    } catch (error) {
      void tasks?.close();
      reject(error);
    }
  });
}
