/**
 * @module
 * Resource bounds of extraction that callers show and pass on (the CLI's
 * defaults, the batch's limits) without loading pdf.js.
 */

/**
 * Pages per document: five times a long annual report (2,000 pages), far below what a
 * page-tree bomb claims (a /Count of millions over one shared page object).
 */
export const defaultMaxPages = 10_000;
