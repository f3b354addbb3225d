// The tabs of <runnerup-pool>, in order. Adding a tab is one line here plus its view file:
//
//   { id: 'retention', label: 'Retention', render: renderRetention },
//
// `render(ctx)` returns a Lit template; it reads through `ctx.query` (pure and cheap, so views
// query on every render) and changes things only through `ctx.run(command)`. `styles` (optional)
// are added to the element's shadow root once.
import { candidateCardStyles } from './candidate-card.js';
import { renderFeedbackOwed } from './feedback-owed.js';
import { sharedViewStyles } from './fields.js';
import { renderFollowUps } from './follow-ups.js';
import { insightsStyles, renderInsights } from './insights.js';
import { nextInLineStyles, renderNextInLine } from './next-in-line.js';
import { outcomeFormStyles } from './outcome-form.js';
import { poolTableStyles, renderPoolView } from './pool-table.js';
import { renderRetention } from './retention-view.js';
import { renderTransfer } from './transfer-view.js';

/**
 * @typedef {object} ViewContext
 * @property {import('../pool.js').Pool} pool the open pool, for views that are elements of their own
 * @property {string} today local date YYYY-MM-DD (the element's `today` property, else the browser's)
 * @property {string} actor the recruiter
 * @property {string} locale
 * @property {string} requisitionId the element's `requisition` attribute ("" when none)
 * @property {object} taxonomy the core's taxonomy query
 * @property {object[]} entries the pool query's entries
 * @property {object[]} candidates all known candidates, sorted by name
 * @property {object[]} requisitions all known requisitions, sorted by title
 * @property {{source: string, code: string, message: string, path: string} | null} error the error showing
 * @property {(query: object) => any} query runs a query; shows its error and returns null when it fails
 * @property {(command: object, options?: {source?: string, status?: string, focus?: string}) => Promise<boolean>} run
 *   records a command; on success shows `status` and focuses `focus`; on failure shows the core's error
 *   scoped to `source` (the form's id), focuses the field its path names, and resolves false
 * @property {(viewId: string) => object} state a view's own UI state (kept while the element lives)
 * @property {(viewId: string, patch: object, focus?: string) => void} setState
 * @property {(candidateId: string, opener?: Element) => void} openCard
 * @property {(preset?: {candidateId?: string, requisitionId?: string}) => void} openOutcome
 * @property {(kind: string, code: string) => string} label a taxonomy label ("stages", "reasons", "channels", ...)
 * @property {(id: string) => string} candidateName
 * @property {(id: string) => string} requisitionTitle
 * @property {(n: number) => string} number
 * @property {(day: string, n: number) => string} addDays
 */

/** @type {{id: string, label: string, render: (ctx: ViewContext) => unknown}[]} */
export const views = [
  { id: 'pool', label: 'Pool', render: renderPoolView },
  { id: 'next', label: 'Next in line', render: renderNextInLine },
  { id: 'followups', label: 'Follow-ups', render: renderFollowUps },
  { id: 'feedback', label: 'Feedback owed', render: renderFeedbackOwed },
  { id: 'insights', label: 'Insights', render: renderInsights },
  { id: 'retention', label: 'Retention', render: renderRetention },
  { id: 'transfer', label: 'Import / export', render: renderTransfer },
];

/** Styles of every view, for the element's shadow root. */
export const viewStyles = [sharedViewStyles, poolTableStyles, outcomeFormStyles, nextInLineStyles, candidateCardStyles, insightsStyles];
