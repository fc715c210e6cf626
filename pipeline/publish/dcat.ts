/**
 * @module
 * The portal's `data.json`: the bundle as a DCAT-US 1.1 catalog. One dataset per
 * release; its distributions are the released PDFs and the release's redaction
 * log (CSV and JSON). Pure: the site calls it at build time, the tests validate
 * its output against `schema/dcat-us-1.1.json` (`dcat-validate.ts`).
 */
import type { Bundle } from './bundle.ts';

export interface DcatOptions {
  /** Absolute URL of a site path (honours the site's base). */
  url: (path: string) => string;
  /** OMB codes for federal publishers; "000:00"/"000:000" mark a non-federal office. */
  bureauCode?: string[];
  programCode?: string[];
}

export function dcatCatalog(bundle: Bundle, options: DcatOptions): Record<string, unknown> {
  return {
    '@context': 'https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld',
    '@id': options.url('/data.json'),
    '@type': 'dcat:Catalog',
    conformsTo: 'https://project-open-data.cio.gov/v1.1/schema',
    describedBy: 'https://project-open-data.cio.gov/v1.1/schema/catalog.json',
    dataset: bundle.releases.map((release) => {
      const codes = [...new Set(release.documents.flatMap((d) => d.redactions.map((r) => r.code)))].sort();
      const modified = release.documents.reduce((latest, d) => (d.publishedAt > latest ? d.publishedAt : latest), release.date);
      return {
        '@type': 'dcat:Dataset',
        title: release.title,
        description: release.description || `${release.documents.length} documents released by ${release.office}.`,
        keyword: ['public records', 'release', ...codes.map((c) => `exemption ${c}`)],
        modified: modified.slice(0, 10),
        issued: release.date.slice(0, 10),
        publisher: { '@type': 'org:Organization', name: release.office },
        // The office's configured contact: publish refuses to run without an address, so hasEmail is never empty.
        contactPoint: { '@type': 'vcard:Contact', fn: bundle.contact.name, hasEmail: `mailto:${bundle.contact.email}` },
        license: bundle.licence.url,
        ...(release.dateOfRecord ? { temporal: `${release.dateOfRecord}/${release.dateOfRecord}` } : {}),
        identifier: options.url(`/releases/${release.id}/`),
        accessLevel: 'public',
        bureauCode: options.bureauCode ?? ['000:00'],
        programCode: options.programCode ?? ['000:000'],
        landingPage: options.url(`/releases/${release.id}/`),
        language: ['en-US'],
        distribution: [
          ...release.documents.map((d) => ({
            '@type': 'dcat:Distribution',
            title: d.title,
            description: `${d.description ? `${d.description} ` : ''}${d.pageCount} pages, ${d.byteLength} bytes, SHA-256 ${d.sha256}; ${d.redactions.length} withheld areas.`,
            downloadURL: options.url(`/${d.pdf}`),
            mediaType: 'application/pdf',
            format: 'PDF',
          })),
          {
            '@type': 'dcat:Distribution',
            title: 'Redaction log (CSV)',
            description: 'One row per withheld area: document, area number, page, position, exemption code, category and reason in plain words. Never the withheld text.',
            downloadURL: options.url(`/releases/${release.id}/redactions.csv`),
            mediaType: 'text/csv',
            format: 'CSV',
          },
          {
            '@type': 'dcat:Distribution',
            title: 'Redaction log (JSON)',
            downloadURL: options.url(`/releases/${release.id}/redactions.json`),
            mediaType: 'application/json',
            format: 'JSON',
          },
        ],
      };
    }),
  };
}
