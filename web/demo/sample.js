// "Load sample history": records a realistic history into the demo pool through the public
// openPool API, as a recruiter would have through the widget over the past weeks. The dates are
// relative to today, so the overdue and due-today lists always have something in them.
import { openPool } from '../runnerup.js';

const RQ = 'req-101';
const pad = (n) => String(n).padStart(2, '0');
function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
const instant = (offset) => `${day(offset)}T10:00:00Z`;
const noFlags = { openToContract: false, openToPartTime: false, availableFrom: null, futureRoles: { families: [], departments: [], requisitions: [] }, doNotContact: false, doNotContactReason: '' };

function runnerUp(candidateId, requisitionId, rank, code, futureFit, extra = {}) {
  return {
    type: 'recordOutcome',
    outcome: { candidateId, requisitionId, stage: 'final', outcome: 'runner_up', rank, reason: { code, note: extra.reasonNote || '' }, futureFit, note: extra.note || '', decidedAt: instant(-20), scores: extra.scores, skillGaps: extra.skillGaps },
    ...(extra.flags ? { flags: { ...noFlags, ...extra.flags } } : {}),
    ...(extra.followUp ? { followUp: extra.followUp } : {}),
  };
}

/** The commands of the sample history, in order. */
export function sampleCommands() {
  return [
    runnerUp('cand-jose-muller-garcia', RQ, 1, 'stronger_candidate', 'strong', {
      note: 'Excellent system design; would hire for the next platform role.',
      scores: [{ by: 'System design', score: 'strong_yes' }, { by: 'Coding', score: 'yes' }, { by: 'Hiring manager', score: 'yes' }],
      flags: { openToContract: true, futureRoles: { families: ['backend'], departments: ['Platform'], requisitions: [] } },
      followUp: { due: day(10), owner: '', note: 'Check in about the Q1 platform roles', cadence: { every: 3, unit: 'months' } },
    }),
    runnerUp('cand-aiyana-begay', RQ, 2, 'skills_gap', 'qualified', { skillGaps: ['kubernetes'], scores: [{ by: 'System design', score: 'mixed' }, { by: 'Coding', score: 'yes' }] }),
    runnerUp('cand-priya-raman', RQ, 3, 'compensation', 'qualified', { followUp: { due: day(-3), owner: '', note: 'Ask whether the new budget works for her' } }),
    runnerUp('cand-yuki-tanaka', RQ, 4, 'interview_result', 'not_a_fit', { flags: { doNotContact: true, doNotContactReason: 'Asked not to be contacted again' } }),
    runnerUp('cand-siobhan-ni-bhriain', 'req-103', 1, 'role_on_hold', 'strong', { flags: { openToPartTime: true, availableFrom: day(45) } }),
    { type: 'recordOutcome', outcome: { candidateId: 'cand-olusegun-adeyemi', requisitionId: 'req-103', stage: 'offer', outcome: 'offer_declined', reason: { code: 'declined_offer', note: 'Counter-offer from current employer' }, futureFit: 'strong', note: '', decidedAt: instant(-30) } },
    { type: 'requestFeedback', request: { candidateId: 'cand-jose-muller-garcia', requisitionId: RQ, requestedAt: instant(-18) } },
    { type: 'giveFeedback', feedback: { candidateId: 'cand-jose-muller-garcia', requisitionId: RQ, givenAt: instant(-16), channel: 'video', strengths: 'Clear, pragmatic system design; strong Go.', improvements: 'Kubernetes operations depth.', summary: 'Very close call; the hire had more on-call experience.' } },
    { type: 'requestFeedback', request: { candidateId: 'cand-aiyana-begay', requisitionId: RQ, requestedAt: instant(-14) } },
    { type: 'requestFeedback', request: { candidateId: 'cand-priya-raman', requisitionId: RQ, requestedAt: instant(-2) } },
    { type: 'logTouchpoint', touchpoint: { candidateId: 'cand-jose-muller-garcia', at: instant(-5), channel: 'email', direction: 'outbound', note: 'Shared the upcoming platform roadmap.' } },
    { type: 'scheduleFollowUp', followUp: { candidateId: 'cand-siobhan-ni-bhriain', due: day(0), note: 'Has the data role come off hold?' } },
  ];
}

/**
 * Records the sample history into the widget's pool, then reopens the widget on it. The history
 * refers to the ATS's candidates and requisitions, so it saves them first: the widget saves the
 * same records when the page hands them over, but one by one and in the background, and a click
 * right after the page loads must not depend on that having finished (an unchanged record
 * proposes no event, so saving a record twice costs nothing).
 */
export async function loadSampleHistory(widget, { candidates = [], requisitions = [] } = {}) {
  const pool = await openPool({ name: widget.getAttribute('pool'), actor: widget.getAttribute('actor'), host: widget.host });
  try {
    if (pool.list().total > 0) return 0;
    let n = 0;
    for (const requisition of requisitions) n += (await pool.record({ type: 'saveRequisition', requisition }, { origin: 'host' })).length;
    for (const candidate of candidates) n += (await pool.record({ type: 'saveCandidate', candidate }, { origin: 'host' })).length;
    for (const command of sampleCommands()) n += (await pool.record(command)).length;
    return n;
  } finally {
    pool.dispose();
    // moving the element makes it reopen its pool from storage
    const parent = widget.parentNode;
    const next = widget.nextSibling;
    widget.remove();
    parent.insertBefore(widget, next);
  }
}
