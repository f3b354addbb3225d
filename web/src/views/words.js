// Codes in words: who did something (by the names the host gives its recruiters) and why a
// runner-up ranks where they do. Presentation only: the core answers ids and codes, this file
// says them in the recruiter's language (the catalogues in web/src/i18n/).
//
//   const people = recruiterDirectory([{ id: 'recruiter-42', name: 'Sam Okafor' }]);
//   actorName('recruiter-42', { actor: 'me', people, i });        // "Sam Okafor"
//   actorName('me', { actor: 'me', people, i });                  // "you"
//   actorName('recruiter-7', { actor: 'me', people, i });         // "another recruiter"
//   personName('Dana Roe', { actor: 'me', people, i });           // "Dana Roe": a name typed in a form
//   factorDetail({ name: 'stage', code: 'final' }, { i, label }); // "Final round"
import { RunnerUpError } from '../errors.js';
import { translator } from '../i18n/index.js';

/**
 * The host's recruiters, by id: the element's `recruiters` property, an array of `{id, name}`
 * or an object `{id: name}`. Anything else is refused with the place at fault.
 * @param {unknown} given
 * @returns {Map<string, string>}
 */
export function recruiterDirectory(given) {
  const out = new Map();
  if (given === undefined || given === null) return out;
  // the message in English (the host's developers read it in runnerup-error); `wrap` lets the widget say it in the recruiter's language
  const bad = (path, key) => {
    const error = new RunnerUpError('invalid_field', translator('en').t(key, { path: `/recruiters${path}` }), `/recruiters${path}`);
    error.wrap = { key, params: { path: `/recruiters${path}` }, inner: null };
    throw error;
  };
  const pointer = (key) => key.split('~').join('~0').split('/').join('~1');
  if (Array.isArray(given)) {
    given.forEach((r, n) => {
      if (!r || typeof r !== 'object' || Array.isArray(r)) bad(`/${n}`, 'recruiters.notAnObject');
      if (typeof r.id !== 'string' || !r.id) bad(`/${n}/id`, 'recruiters.badId');
      if (typeof r.name !== 'string' || !r.name.trim()) bad(`/${n}/name`, 'recruiters.badName');
      out.set(r.id, r.name.trim());
    });
    return out;
  }
  if (typeof given === 'object') {
    for (const [id, name] of Object.entries(given)) {
      if (typeof name !== 'string' || !name.trim()) bad(`/${pointer(id)}`, 'recruiters.badName');
      out.set(id, name.trim());
    }
    return out;
  }
  return bad('', 'recruiters.notAList');
}

/**
 * Who recorded something, from the actor id of an event: the host's name for them, "you" for
 * the recruiter using the widget, else "another recruiter": an id is never shown.
 * `after: 'by'` gives the form a sentence takes after its word for "by" (German: "von Ihnen").
 * @param {string} id
 * @param {{actor?: string, people?: Map<string, string>, i: object, after?: 'by'}} o
 */
export function actorName(id, { actor = '', people = new Map(), i, after } = {}) {
  const by = after === 'by';
  if (id && people.has(id)) return people.get(id);
  if (id && id === actor) return i.t(by ? 'who.youAfterBy' : 'who.you');
  return i.t(by ? 'who.anotherAfterBy' : 'who.another');
}

/** An actor id's shape: lower-case words and digits joined by "-", "_", ".", ":" or "@", no spaces ("recruiter-sam-okafor"). */
const ACTOR_ID = /^[a-z0-9]+(?:[-_.:@][a-z0-9]+)+$/;

/**
 * Who is named in a field a recruiter may type or the widget fills with the actor id (a follow-up's
 * owner, who gave feedback, who logged a touchpoint, who decided): a recruiter's id in words as
 * actorName says, an id of someone the host did not name as "another recruiter", and a name as
 * it was written.
 * @param {string} value
 * @param {{actor?: string, people?: Map<string, string>, i: object, after?: 'by'}} o
 */
export function personName(value, o) {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) return '';
  if ((o.people && o.people.has(v)) || v === o.actor || ACTOR_ID.test(v)) return actorName(v, o);
  return v;
}

/**
 * What a ranking factor's detail says, in words (the core's `code` and `counts`; docs/BOUNDARY.md).
 * @param {{name: string, code?: string, counts?: number[], detail?: string}} f
 * @param {{i: object, label: (kind: string, code: string) => string}} o
 */
export function factorDetail(f, { i, label }) {
  const [a = 0, b = 0, c = 0, d = 0] = f.counts || [];
  switch (f.name) {
    case 'skills':
      return f.code === 'no_requisition' ? i.t('factor.noRequisition') : i.t('factor.skills', { required: a, requiredOf: b, nice: c, niceOf: d });
    case 'stage':
      return label('stages', f.code);
    case 'scores':
      return f.code === 'no_scores' ? i.t('factor.noScores') : i.t('factor.scores', { count: a });
    case 'futureFit':
      return label('futureFits', f.code);
    case 'reason':
      return i.t(f.code === 'not_about_them' ? 'factor.notAboutThem' : 'factor.aboutThem');
    case 'recency':
      return i.t('factor.recency', { count: a });
    case 'location':
      return i.t(f.code === 'matches' ? 'factor.locationMatches' : f.code === 'same_country' ? 'factor.sameCountry' : 'factor.elsewhere');
    case 'employment':
      return !f.code || f.code === 'no_requisition' ? i.t('factor.noRequisition') : i.t('factor.employment', { type: label('employmentTypes', f.code) });
    default:
      return '';
  }
}
