import type { APIRoute } from 'astro';
import { dcatCatalog } from '../../../pipeline/publish/dcat.ts';
import { absolute, bundle } from '../lib/bundle.ts';

export const GET: APIRoute = () =>
  new Response(
    JSON.stringify(
      dcatCatalog(bundle(), { url: absolute }),
      null,
      2,
    ),
  );
