import type { APIRoute } from 'astro';
import { dcatCatalog } from '../../../pipeline/publish/dcat.ts';
import { absolute, bundle } from '../lib/bundle.ts';

export const GET: APIRoute = () =>
  new Response(
    JSON.stringify(
      dcatCatalog(bundle(), {
        url: absolute,
        contactName: process.env.DAYLIGHT_CONTACT_NAME || undefined,
        contactEmail: process.env.DAYLIGHT_CONTACT_EMAIL || undefined,
      }),
      null,
      2,
    ),
  );
