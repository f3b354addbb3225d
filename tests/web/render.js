// The views rendered in node without a DOM: a view's context over a real pool, and the text of
// the Lit values it returns (template strings and the values bound into them).
import { translator } from '../../web/src/i18n/index.js';
import { addDays } from '../../web/src/views/fields.js';
import { actorName, personName } from '../../web/src/views/words.js';

/** The text of a Lit value: template strings and values, directives and arrays followed. */
export function flatten(value) {
  if (value === null || value === undefined || typeof value === 'symbol' || typeof value === 'function') return '';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value) || typeof value[Symbol.iterator] === 'function') return [...value].map(flatten).join(' ');
  if (value.strings && value.values) return value.strings.map((s, n) => s + (n < value.values.length ? flatten(value.values[n]) : '')).join('');
  if (value.values) return value.values.map(flatten).join(' '); // a directive (repeat)
  return '';
}

/** A view's context (registry.js ViewContext) over `pool`, in `locale`, on `today`. */
export function viewContext(pool, locale, today = '2026-11-22', people = new Map()) {
  const i = translator(locale);
  const taxonomy = pool.taxonomy();
  const candidates = pool.query({ type: 'candidates' }).candidates;
  const requisitions = pool.query({ type: 'requisitions' }).requisitions;
  const state = {};
  return {
    pool, today, actor: 'r-1', locale: i.locale, i, t: i.t, h: i.h, day: i.day, requisitionId: '',
    taxonomy, entries: pool.list().entries, poolTotal: pool.list().total, candidates, requisitions, error: null,
    poolPage: (scope) => pool.query({ type: 'pool', limit: 500, ...(scope === '*' ? {} : { requisitionId: scope }) }),
    query: (q) => pool.query(q), run: async () => true, state: (id) => state[id] || {}, setState: () => {},
    openCard: () => {}, openOutcome: () => {},
    label: (kind, code, core) => i.label(kind, code, core ?? (taxonomy[kind] || []).find((x) => x.code === code)?.label),
    candidateName: (id) => candidates.find((c) => c.id === id)?.name || id,
    requisitionTitle: (id) => requisitions.find((r) => r.id === id)?.title || id,
    number: i.number, addDays,
    actorName: (id, after) => actorName(id, { actor: 'r-1', people, i, after }),
    personName: (value, after, isActor) => (isActor ? actorName : personName)(value, { actor: 'r-1', people, i, after }),
  };
}
