/**
 * @module
 * A tiny cookie-keeping client for review tests, over either `app.request`
 * (no port) or `fetch` on loopback. Redirects are not followed, so tests see them.
 */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export interface Client {
  cookies: Map<string, string>;
  /** The CSRF token of the signed-in session (from the page's meta tag). */
  csrf: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, fields: Record<string, string>, options?: { csrf?: boolean; headers?: Record<string, string> }): Promise<Response>;
  signIn(name: string, password: string): Promise<Response>;
}

function keep(cookies: Map<string, string>, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*max-age=0/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
    if (expired || value === '') cookies.delete(name);
    else cookies.set(name, value);
  }
}

export function createClient(fetcher: Fetcher): Client {
  const cookies = new Map<string, string>();
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const client: Client = {
    cookies,
    csrf: '',
    async get(path, headers = {}) {
      const res = await fetcher(path, { headers: { cookie: cookieHeader(), ...headers }, redirect: 'manual' });
      keep(cookies, res);
      return res;
    },
    async post(path, fields, options = {}) {
      const body = new URLSearchParams(options.csrf === false ? fields : { _csrf: client.csrf, ...fields });
      const res = await fetcher(path, {
        method: 'POST',
        body,
        // As a browser posting a form of this site says (Hono's csrf middleware on sign-in reads it).
        headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...(options.headers ?? {}) },
        redirect: 'manual',
      });
      keep(cookies, res);
      return res;
    },
    async signIn(name, password) {
      const form = await client.get('/login');
      const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const res = await client.post('/login', { _csrf: token, name, password }, { csrf: false });
      if (res.status === 303) {
        const page = await client.get('/queue');
        client.csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await page.text())?.[1] ?? '';
      }
      return res;
    },
  };
  return client;
}

/** A signed-in client that also calls the JSON API (`accept: application/json`, the CSRF header, JSON bodies). */
export type ApiClient = Client & { api(method: string, path: string, body?: unknown): Promise<Response> };

export async function apiClient(request: (path: string, init?: RequestInit) => Response | Promise<Response>, name: string, password: string): Promise<ApiClient> {
  const client = createClient((path, init) => Promise.resolve(request(path, init)));
  const signed = await client.signIn(name, password);
  if (signed.status !== 303) throw new Error(`${name} could not sign in (${signed.status})`);
  const me = (await (await client.get('/api/me', { accept: 'application/json' })).json()) as { csrfToken: string; name: string };
  if (me.name !== name) throw new Error(`signed in as ${me.name}, not ${name}`);
  const cookie = () => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return Object.assign(client, {
    api: (method: string, path: string, body?: unknown) =>
      Promise.resolve(
        request(path, {
          method,
          headers: { cookie: cookie(), accept: 'application/json', 'x-csrf-token': me.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      ),
  });
}
