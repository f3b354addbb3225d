// A pool holding every event type the core records, several reasons, flags, retention policies
// and employment types, and records of two other recruiters: one the host names
// (RECRUITERS), one it does not. Shared by tests/web/words.test.js (node) and
// tests/e2e/words.test.js, which puts this function's source into its page: it imports nothing.
//
//   await seedEveryEvent((actor) => openPool({ name, actor, storage }));   // each pool is disposed after use

export const ME = 'recruiter-me-e2e';
export const NAMED = 'recruiter-priya-raman';
export const UNNAMED = 'recruiter-sam-okafor';
export const RECRUITERS = [{ id: NAMED, name: 'Priya Raman' }];

/**
 * Records the journey, each part as its recruiter; `open(actor)` opens the pool as that actor.
 * The last action is ME's retention policy for Lena (so Undo is offered and has words to say).
 */
export async function seedEveryEvent(open, { me = 'recruiter-me-e2e', named = 'recruiter-priya-raman', unnamed = 'recruiter-sam-okafor' } = {}) {
  const plusDays = (day, n) => {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };
  const as = async (actor, steps) => {
    const pool = await open(actor);
    try {
      await steps(pool, pool.today());
    } finally {
      pool.dispose();
    }
  };
  const outcome = (candidateId, requisitionId, fields) => ({
    type: 'recordOutcome',
    outcome: { candidateId, requisitionId, stage: 'final', outcome: 'runner_up', initiator: 'we_decided', futureFit: 'strong', note: '', ...fields },
  });

  // A recruiter the host does not name, as an ATS import or another browser would bring them.
  await as(unnamed, async (pool, today) => {
    await pool.record({ type: 'saveRequisition', requisition: { id: 'r-ops', title: 'Operations lead', employmentType: 'full_time', status: 'open', requiredSkills: ['logistics'] } });
    await pool.record({ type: 'saveCandidate', candidate: { id: 'c-omar', name: 'Omar Haddad', skills: ['logistics'] } });
    await pool.record(outcome('c-omar', 'r-ops', { rank: 1, reason: { code: 'compensation', note: '' }, initiator: 'circumstances',
      scores: [{ by: unnamed, score: 'yes' }] }));
    await pool.record({ type: 'scheduleFollowUp', followUp: { candidateId: 'c-omar', due: plusDays(today, 3), note: 'Budget review' } });
    await pool.record({ type: 'logTouchpoint', touchpoint: { candidateId: 'c-omar', channel: 'phone', direction: 'outbound', note: '' } });
    await pool.record({ type: 'giveFeedback', feedback: { candidateId: 'c-omar', requisitionId: 'r-ops', channel: 'email', strengths: 'Calm', improvements: '', summary: '' } });
  });

  // A recruiter the host names.
  await as(named, async (pool) => {
    await pool.record({ type: 'saveCandidate', candidate: { id: 'c-ines', name: 'Inês Duarte', skills: ['go'] } });
    await pool.record(outcome('c-ines', 'r-ops', { reason: { code: 'accepted_other_offer', note: '' }, initiator: 'candidate_withdrew', outcome: 'withdrew', futureFit: 'qualified' }));
    await pool.record({ type: 'logTouchpoint', touchpoint: { candidateId: 'c-ines', channel: 'video', direction: 'inbound', note: '' } });
  });

  // The recruiter using the widget: every other event type.
  await as(me, async (pool, today) => {
    await pool.record({ type: 'saveRequisition', requisition: { id: 'r-platform', title: 'Platform engineer', employmentType: 'part_time',
      requiredSkills: ['go', 'postgresql'], niceSkills: ['kubernetes'], status: 'open', location: { city: 'Berlin', region: '', country: 'DE' } } });
    await pool.record({ type: 'saveRequisition', requisition: { id: 'r-data', title: 'Data analyst', employmentType: 'contract', status: 'open' } });
    await pool.record({ type: 'saveRequisition', requisition: { id: 'r-temp', title: 'Seasonal support', employmentType: 'temporary', status: 'open' } });
    for (const c of [
      { id: 'c-ana', name: 'Ana Núñez', skills: ['go', 'postgresql'], location: { city: 'Berlin', region: '', country: 'DE' } },
      { id: 'c-lena', name: 'Lena Vogel', skills: ['go'] },
      { id: 'c-kofi', name: 'Kofi Mensah', skills: ['sql'] },
      { id: 'c-hana', name: 'Hana Sato', skills: ['go', 'kubernetes'] },
      { id: 'c-gone', name: 'Erased Person' },
      { id: 'c-mia', name: 'Mia Berg', skills: ['support'] },
    ]) await pool.record({ type: 'saveCandidate', candidate: c });
    await pool.record({ ...outcome('c-ana', 'r-platform', { rank: 1, reason: { code: 'timing', note: '' }, initiator: 'circumstances',
      scores: [{ by: 'Dana Roe', score: 'strong_yes' }], skillGaps: ['kubernetes'] }),
      flags: { openToContract: true, openToPartTime: false, availableFrom: null, futureRoles: { families: ['backend'], departments: [], requisitions: [] }, doNotContact: false, doNotContactReason: '' },
      followUp: { due: plusDays(today, 10), owner: '', note: 'New budget', cadence: { every: 3, unit: 'months' } } });
    await pool.record(outcome('c-lena', 'r-platform', { rank: 2, reason: { code: 'skills_gap', note: '' }, futureFit: 'qualified' }));
    await pool.record(outcome('c-hana', 'r-platform', { rank: 3, reason: { code: 'stronger_candidate', note: '' } }));
    await pool.record(outcome('c-kofi', 'r-data', { outcome: 'rejected', rank: undefined, stage: 'interview', reason: { code: 'too_junior', note: '' }, futureFit: 'not_a_fit' }));
    await pool.record(outcome('c-kofi', 'r-platform', { outcome: 'hired', rank: undefined, reason: undefined, futureFit: undefined, initiator: undefined }));
    await pool.record({ type: 'closeOutRequisition', requisitionId: 'r-temp', finalists: [{ candidateId: 'c-mia', outcome: 'hired' }] });
    await pool.record({ type: 'requestFeedback', request: { candidateId: 'c-lena', requisitionId: 'r-platform' } });
    await pool.record({ type: 'giveFeedback', feedback: { candidateId: 'c-ana', requisitionId: 'r-platform', channel: 'phone', strengths: 'Design', improvements: 'Depth', summary: '' } });
    await pool.record({ type: 'setFlags', candidateId: 'c-lena', flags: { openToContract: false, openToPartTime: true, availableFrom: plusDays(today, 30),
      futureRoles: { families: [], departments: ['Platform'], requisitions: [] }, doNotContact: false, doNotContactReason: '' } });
    await pool.record({ type: 'logTouchpoint', touchpoint: { candidateId: 'c-lena', channel: 'email', direction: 'outbound', note: 'Sent feedback' } });
    for (const note of ['Done one', 'Snoozed one', 'Dismissed one']) {
      await pool.record({ type: 'scheduleFollowUp', followUp: { candidateId: 'c-hana', due: plusDays(today, 2), note } });
    }
    const open = pool.query({ type: 'followUps', today }).upcoming.filter((f) => f.followUp.candidateId === 'c-hana');
    const id = (note) => open.find((f) => f.followUp.note === note).followUp.id;
    await pool.record({ type: 'completeFollowUp', followUpId: id('Done one') });
    await pool.record({ type: 'snoozeFollowUp', followUpId: id('Snoozed one'), until: plusDays(today, 9) });
    await pool.record({ type: 'dismissFollowUp', followUpId: id('Dismissed one') });
    await pool.record({ type: 'rankRunnerUps', requisitionId: 'r-platform', order: ['c-lena', 'c-ana', 'c-hana'] });
    await pool.record({ type: 'markHireBackedOut', backOut: { requisitionId: 'r-platform', reason: 'left_early' } });
    await pool.record({ type: 'reopenForNextInLine', requisitionId: 'r-platform' });
    await pool.record({ type: 'changeSettings', settings: { feedbackDueBusinessDays: 7 } });
    await pool.record({ type: 'recordConsent', candidateId: 'c-ana', consent: { basis: 'consent', givenAt: `${today}T00:00:00Z`, expiresAt: `${plusDays(today, 365)}T00:00:00Z`, wordingVersion: 'v2' } });
    await pool.record({ type: 'requestConsentRenewal', candidateId: 'c-ana' });
    await pool.record({ type: 'answerConsentRenewal', candidateId: 'c-ana', granted: true, expiresAt: `${plusDays(today, 700)}T00:00:00Z` });
    await pool.record({ type: 'requestConsentRenewal', candidateId: 'c-hana' });
    await pool.record({ type: 'answerConsentRenewal', candidateId: 'c-hana', granted: false });
    await pool.record({ type: 'withdrawConsent', candidateId: 'c-hana' });
    await pool.record({ type: 'setRetentionPolicy', requisitionId: 'r-data', policy: 'us_ca' });
    await pool.accessExport('c-ana');
    await pool.erase('c-gone');
    await pool.record({ type: 'setFlags', candidateId: 'c-hana', flags: { openToContract: true, openToPartTime: false, availableFrom: null,
      futureRoles: { families: [], departments: [], requisitions: [] }, doNotContact: false, doNotContactReason: '' } });
    await pool.record({ type: 'undoLast' });
    await pool.record({ type: 'setRetentionPolicy', candidateId: 'c-lena', policy: 'us_federal_contractor' });
  });
}

/** Every event type the core records (docs/BOUNDARY.md). */
export const EVENT_TYPES = [
  'candidate.saved', 'requisition.saved', 'outcome.recorded', 'feedback.requested', 'feedback.given', 'flags.set',
  'touchpoint.logged', 'followup.scheduled', 'followup.closed', 'followup.snoozed', 'runnerups.ranked', 'hire.backed_out',
  'requisition.reopened', 'action.undone', 'settings.changed', 'consent.recorded', 'consent.renewal_requested',
  'consent.renewal_answered', 'consent.withdrawn', 'retention.policy_set', 'person.erased', 'access.exported',
  'requisition.closed_out',
];

/**
 * What looks like an internal code in visible text: a dotted event type ("retention.policy_set"),
 * a snake_case word ("full_time"), or a recruiter's id ("recruiter-sam-okafor"). Returns the matches.
 */
export function codesIn(text) {
  const found = [];
  // file and folder names ("archive_reasons.json", "activity_feed/"), e-mail addresses and web addresses are what they are
  const words = String(text)
    .replace(/\b[\w.+-]+@[\w.-]+\b/g, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/[\w./-]+\.(?:json|jsonl|csv|ics|html|js|wasm)\b/g, ' ')
    .replace(/\b[\w.-]+\//g, ' ');
  for (const re of [/\b[a-z][a-z_]+\.[a-z][a-z_]+\b/g, /\b[a-z]+(?:_[a-z0-9]+)+\b/g, /\brecruiter-[a-z0-9-]+\b/g]) {
    for (const m of words.matchAll(re)) found.push(m[0]);
  }
  return found;
}
