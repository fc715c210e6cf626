/**
 * @module
 * What the review page (and `GET /api/documents/:id`) shows of a document: each
 * redaction with the exact words it covers and a few words either side, its
 * plain-language reason, the redactions grouped by value (one decision per
 * value), the page texts with the covered words marked, why this viewer may or
 * may not approve, and who holds the document.
 */
import { overlapArea } from '../model/document-text.ts';
import type { Document, Page, PageBox, Word } from '../model/types.ts';
import { latestApproval, listFindings, listRedactions, listUsers, unconfirmedRejections } from '../workspace/store/index.ts';
import type { DocumentRecord } from '../workspace/store/index.ts';
import { can } from './auth/roles.ts';
import type { ReviewOptions } from './context.ts';
import { batchValueIndex, elsewhere } from './batch-values.ts';
import type { BatchValueCount } from './batch-values.ts';
import { changesSince } from './changes.ts';
import { blockersFor, categoryLabel, OPEN_STATES } from './service.ts';
import type { Actor, ReviewService } from './service.ts';
import { documentModel, latestSendBack, workspaceVersion } from './store.ts';
import type { DocumentView, ReviewItem, ValueGroup } from './views/document.ts';

/** Share of a word's area a box must cover for the word to count as under it (as `snap.ts` takes words). */
const MIN_COVER = 0.25;
const CONTEXT_WORDS = 4;

function coveredWords(page: Page, boxes: readonly PageBox[]): Word[] {
  const mine = boxes.filter((b) => b.page === page.number);
  if (mine.length === 0) return [];
  return page.words.filter((w) => {
    const area = (w.box[2] - w.box[0]) * (w.box[3] - w.box[1]);
    return area > 0 && mine.some((b) => overlapArea(w.box, b.box) / area >= MIN_COVER);
  });
}

/** The words under the boxes on their first page, with a few words before and after. */
function wordsInContext(model: Document | undefined, boxes: readonly PageBox[]): ReviewItem['words'] {
  const first = boxes[0]?.page;
  const page = model?.pages.find((p) => p.number === first);
  if (!page) return undefined;
  const under = coveredWords(page, boxes);
  if (under.length === 0) return { before: '', text: '', after: '' };
  const at = page.words.indexOf(under[0]);
  const end = page.words.indexOf(under.at(-1)!);
  const join = (ws: Word[]) => ws.map((w) => w.text).join(' ');
  return {
    before: join(page.words.slice(Math.max(0, at - CONTEXT_WORDS), at)),
    text: join(under),
    after: join(page.words.slice(end + 1, end + 1 + CONTEXT_WORDS)),
  };
}

/**
 * Everything but the viewer's own blockers is the same for every viewer until
 * the workspace changes (every change writes an audit entry), so it is cached
 * against `workspaceVersion`: ten approvers paging through one report cost one build.
 */
const cores = new Map<string, Promise<Core>>();
export type Core = Omit<DocumentView, 'approvalBlockers' | 'changes'>;
const blockers = new Map<string, string[]>();

/** What every viewer sees of the document (its items, value groups, pages), built once per workspace version. */
export async function documentCoreView(review: ReviewService, options: ReviewOptions, document: DocumentRecord): Promise<Core> {
  const key = `${document.id}:${document.updatedAt}:${await workspaceVersion(options.ws)}`;
  let core = cores.get(key);
  if (!core) {
    core = documentCore(review, options, document);
    if (cores.size >= 64) cores.delete(cores.keys().next().value as string);
    cores.set(key, core);
    core.catch(() => cores.delete(key));
  }
  return core;
}

export async function documentView(review: ReviewService, options: ReviewOptions, document: DocumentRecord, actor: Actor): Promise<DocumentView> {
  const key = `${document.id}:${document.updatedAt}:${await workspaceVersion(options.ws)}`;
  const core = documentCoreView(review, options, document);
  // The viewer's blockers depend on the same state, so they are kept with it.
  const blockerKey = `${key}:${actor.name}`;
  let approvalBlockers = blockers.get(blockerKey);
  if (!approvalBlockers) {
    approvalBlockers = await blockersFor(options, document, actor.name);
    if (blockers.size >= 256) blockers.delete(blockers.keys().next().value as string);
    blockers.set(blockerKey, approvalBlockers);
  }
  return { ...(await core), approvalBlockers, changes: await changesSince(options.ws, document.id, actor.name) };
}

async function documentCore(review: ReviewService, options: ReviewOptions, document: DocumentRecord): Promise<Core> {
  const { ws, policy } = options;
  const model = await documentModel(ws, document);
  const doc = model.ok ? model.value : undefined;
  const findings = new Map((await listFindings(ws, document.id)).map((f) => [f.id, f]));
  const first = (r: { boxes: PageBox[] }) => r.boxes[0] ?? { page: Infinity, box: [0, 0, 0, 0] };
  const unconfirmed = new Set((await unconfirmedRejections(ws, document.id)).map((r) => r.id));
  const redactions = (await listRedactions(ws, document.id)).sort(
    (a, b) => first(a).page - first(b).page || first(a).box[1] - first(b).box[1] || first(a).box[0] - first(b).box[0],
  );
  const items: ReviewItem[] = redactions.map((r) => {
    const finding = 'findings' in r.from ? r.from.findings.map((id) => findings.get(id)).find(Boolean) : undefined;
    const exemption = policy.exemptions[r.exemption];
    const words = wordsInContext(doc, r.boxes);
    const scan = doc?.pages.find((p) => p.number === r.boxes[0]?.page)?.source === 'ocr';
    return {
      id: r.id,
      category: r.category,
      categoryLabel: categoryLabel(r.category),
      exemption: r.exemption,
      exemptionCode: exemption?.code ?? r.exemption,
      plainReason: `${categoryLabel(r.category)}: withheld as ${exemption ? `${exemption.label.toLowerCase()}, ${exemption.code}` : r.exemption}.`,
      withheldAs: `Withheld as ${exemption ? exemption.label.toLowerCase() : r.exemption};`,
      decision: r.decision,
      reason: r.reason || finding?.why.join('; ') || '',
      detector: finding?.detector,
      score: finding?.score,
      origin: 'reviewer' in r.from ? 'reviewer' : 'detector',
      boxes: r.boxes,
      pages: [...new Set(r.boxes.map((b) => b.page))],
      createdBy: r.createdBy,
      decidedBy: r.decidedBy ?? undefined,
      awaitsConfirmation: unconfirmed.has(r.id),
      words: words && finding && words.text === '' ? { ...words, text: finding.text } : words,
      scan,
    } satisfies ReviewItem;
  });

  const byId = new Map(items.map((i) => [i.id, i]));
  const groups: ValueGroup[] = [];
  const inBatch = OPEN_STATES.has(document.state) ? await batchValueIndex(review, options, document.batchId) : new Map<string, BatchValueCount>();
  for (const [key, members] of await review.valueGroups(document)) {
    const its = members.map((m) => byId.get(m.id)!).sort((a, b) => items.indexOf(a) - items.indexOf(b));
    const decisions = new Set(its.map((i) => i.decision));
    groups.push({
      key,
      category: its[0].category,
      categoryLabel: its[0].categoryLabel,
      exemptionCode: its[0].exemptionCode,
      decision: decisions.size === 1 ? its[0].decision : 'mixed',
      items: its,
      pages: [...new Set(its.flatMap((i) => i.pages))].sort((a, b) => a - b),
      elsewhere: elsewhere(inBatch.get(key), document.id),
    });
  }
  groups.sort((a, b) => items.indexOf(a.items[0]) - items.indexOf(b.items[0]));

  const approval = document.state === 'approved' || document.state === 'published' ? await latestApproval(ws, document.id) : undefined;
  const pages = (doc?.pages ?? []).map((p) => ({
    number: p.number,
    width: p.width,
    height: p.height,
    source: p.source,
    text: p.text,
    marks: items.flatMap((i) => coveredWords(p, i.boxes).map((w) => ({ start: w.start, end: w.end, id: i.id }))).sort((a, b) => a.start - b.start),
  }));
  return {
    id: document.id,
    fileName: document.fileName,
    batchId: document.batchId,
    batchName: await review.batchName(document),
    state: document.state,
    open: OPEN_STATES.has(document.state),
    pages,
    items,
    groups,
    categories: Object.entries(policy.categories).map(([key, rule]) => ({ key, label: categoryLabel(key), exemption: rule.exemption })),
    exemptions: Object.entries(policy.exemptions).map(([key, e]) => ({ key, code: e.code, label: e.label })),
    kept: (await review.keptFindings(document.id)).map((f) => ({
      id: f.id,
      categoryLabel: categoryLabel(f.category),
      exemptionCode: policy.exemptions[f.exemption]?.code ?? f.exemption,
      reason: f.why.join('; '),
      text: f.text,
      detector: f.detector,
      score: f.score,
      page: f.boxes[0]?.page ?? 0,
    })),
    approval: approval && { sha256: approval.artifactSha256, approver: approval.approver, at: approval.approvedAt },
    sentBack: document.state === 'sent_back' ? await latestSendBack(ws, document.id) : undefined,
    claim: await review.claimOf(document.id),
    assignees: (await listUsers(ws)).filter((u) => !u.disabled && (can(u.role, 'decide') || can(u.role, 'propose'))).map((u) => u.name),
  };
}
