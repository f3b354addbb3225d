// The tabs of <runnerup-pool>, in order. Adding a tab is one line here plus its view file:
//
//   { id: 'retention', key: 'tab.retention', render: renderRetention },   // key: the tab's name in i18n/*.js
//
// `render(ctx)` returns a Lit template; it reads through `ctx.query` (pure and cheap, so views
// query on every render) and changes things only through `ctx.run(command)`. `styles` (optional)
// are added to the element's shadow root once.
import { candidateCardStyles } from './candidate-card.js';
import { closeOutStyles, renderCloseOut } from './close-out.js';
import { feedbackDraftStyles } from './feedback-draft.js';
import { renderFeedbackOwed } from './feedback-owed.js';
import { sharedViewStyles } from './fields.js';
import { renderFollowUps } from './follow-ups.js';
import { insightsStyles, renderInsights } from './insights.js';
import { nextInLineStyles, renderNextInLine } from './next-in-line.js';
import { outcomeFormStyles } from './outcome-form.js';
import { poolTableStyles, renderPoolView } from './pool-table.js';
import { renderRetention } from './retention-view.js';
import { renderSearch } from './search-view.js';
import { renderTransfer } from './transfer-view.js';

/**
 * @typedef {object} ViewContext
 * @property {import('../pool.js').Pool} pool the open pool, for views that are elements of their own
 * @property {string} today YYYY-MM-DD: the element's `today` property, else the core's (pool.today(): the
 *   recruiter's date, in the time zone the pool was opened with)
 * @property {object | null} limits what the core accepts (pool.limits(): noteBytes, lineBytes, ...)
 * @property {string} actor the recruiter
 * @property {string} locale the BCP 47 tag in use (the element's `locale`, else the page's `lang`, else the browser's)
 * @property {ReturnType<typeof import('../i18n/index.js').translator>} i the translator for `locale`
 * @property {(key: string, params?: object) => string} t a catalogue message (i18n/en.js) in the recruiter's language
 * @property {(key: string, params?: object) => unknown} h the same as a Lit value, names and titles isolated in <bdi>
 * @property {(stored: string) => string} day a stored date as the locale writes it, the calendar day never shifted
 * @property {string} requisitionId the element's `requisition` attribute ("" when none)
 * @property {object} taxonomy the core's taxonomy query
 * @property {object[]} entries the first POOL_TABLE_LIMIT (500) entries of the pool query
 * @property {number} poolTotal how many people the whole pool holds
 * @property {(scope: string, filters?: {outcome?: string, includeNotAFit?: boolean}) => ({total: number, entries: object[], leftOut?: number} | null)} poolPage
 *   the first POOL_TABLE_LIMIT entries of the pool ('*') or of one requisition that pass the
 *   filters, and how many there are
 * @property {object[]} candidates the candidates the record-outcome dialog offers, sorted by name (all
 *   known ones; in a pool of over 1,000, the host's and the dialog's own)
 * @property {object[]} requisitions all known requisitions, sorted by title
 * @property {{source: string, code: string, message: string, path: string} | null} error the error showing
 * @property {(query: object) => any} query runs a query; shows its error and returns null when it fails
 * @property {(command: object, options?: {source?: string, status?: string, focus?: string}) => Promise<boolean>} run
 *   records a command; on success shows `status` and focuses `focus`; on failure shows the core's error
 *   scoped to `source` (the form's id), focuses the field its path names, and resolves false
 * @property {(viewId: string) => object} state a view's own UI state (kept while the element lives)
 * @property {(viewId: string, patch: object, focus?: string) => void} setState
 * @property {(candidateId: string, opener?: Element) => void} openCard
 * @property {(viewId: string) => void} selectTab shows another tab (and focuses it)
 * @property {(preset?: {candidateId?: string, requisitionId?: string}) => void} openOutcome
 * @property {(candidateId: string, requisitionId?: string, opener?: Element) => void} openDraft opens the feedback
 *   draft for the person (views/feedback-draft.js); the opener (with an id or data-draft) is focused when it closes
 * @property {(kind: string, code: string, coreLabel?: string) => string} label a taxonomy label ("stages", "reasons",
 *   "channels", ...) in the recruiter's language; English is the core's label
 * @property {(id: string) => string} candidateName
 * @property {(id: string) => string} requisitionTitle
 * @property {(n: number) => string} number
 * @property {(id: string, after?: 'by') => string} actorName who an actor id is: the host's name for them
 *   (the element's `recruiters`), "you", else "another recruiter" (views/words.js)
 * @property {(value: string, after?: 'by', isActor?: boolean) => string} personName who a field names that a
 *   recruiter types or the widget fills with the actor id (owner, decided by, given by): an id in words, a name as written
 * @property {(day: string, n: number) => string} addDays
 */

/** @type {{id: string, key: string, render: (ctx: ViewContext) => unknown}[]} */
export const views = [
  { id: 'pool', key: 'tab.pool', render: renderPoolView },
  { id: 'search', key: 'tab.search', render: renderSearch },
  { id: 'next', key: 'tab.next', render: renderNextInLine },
  { id: 'closeout', key: 'tab.closeOut', render: renderCloseOut },
  { id: 'followups', key: 'tab.followups', render: renderFollowUps },
  { id: 'feedback', key: 'tab.feedback', render: renderFeedbackOwed },
  { id: 'insights', key: 'tab.insights', render: renderInsights },
  { id: 'retention', key: 'tab.retention', render: renderRetention },
  { id: 'transfer', key: 'tab.transfer', render: renderTransfer },
];

/** Styles of every view, for the element's shadow root. */
export const viewStyles = [sharedViewStyles, ...poolTableStyles, outcomeFormStyles, nextInLineStyles, closeOutStyles, candidateCardStyles, insightsStyles, feedbackDraftStyles];
