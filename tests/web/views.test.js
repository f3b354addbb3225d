// The view helpers that turn the widget's forms into core commands. Each command goes through
// the real core to prove the shapes agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { addDays, dayToInstant, describeEvent, pathMatches, splitList } from '../../web/src/views/fields.js';
import { moveInOrder, rankedRunnerUps } from '../../web/src/views/next-in-line.js';
import { flagsFromValues, outcomeCommand } from '../../web/src/views/outcome-form.js';
import { catalogue } from '../../web/src/i18n/index.js';
import { views } from '../../web/src/views/registry.js';
import { renderCandidateCard } from '../../web/src/views/candidate-card.js';
import { renderFollowUps } from '../../web/src/views/follow-ups.js';
import { ana, chen, jose, runnerUp, seed, staff, wasmBinary } from './helpers.js';
import { flatten, viewContext } from './render.js';

/** What the record-outcome dialog's form yields (formValues): strings, arrays, booleans. */
function values(overrides = {}) {
  return {
    candidateId: ana.id,
    requisitionId: staff.id,
    stage: 'final',
    outcome: 'runner_up',
    reasonCode: 'other',
    initiator: '',
    futureFit: 'strong',
    rank: '1',
    reasonNote: '  Relocating next spring  ',
    scoreBy: ['System design', 'Coding'],
    score: ['yes', 'strong_yes'],
    skillGaps: 'kubernetes, , terraform',
    note: ' Keep warm ',
    openToContract: true,
    openToPartTime: false,
    futureFamilies: 'backend',
    futureDepartments: '',
    futureRequisitions: '',
    doNotContact: false,
    withFollowUp: true,
    followUpDue: '2027-03-01',
    followUpOwner: '',
    followUpNote: 'Q1 roles',
    cadenceEvery: '3',
    cadenceUnit: 'months',
    ...overrides,
  };
}

test('the dialog’s values become one recordOutcome the core accepts, with flags and a follow-up', async () => {
  const pool = await openPool({ actor: 'r-1', storage: memoryStorage(), wasmBinary });
  await seed(pool);
  const command = outcomeCommand(values());
  assert.deepEqual(command.outcome.reason, { code: 'other', note: 'Relocating next spring' });
  assert.equal(command.outcome.rank, 1);
  assert.deepEqual(command.outcome.skillGaps, ['kubernetes', 'terraform']);
  assert.equal('initiator' in command.outcome, false, 'left to the core to default from the reason');
  const events = await pool.record(command);
  assert.deepEqual(events.map((e) => e.type), ['outcome.recorded', 'flags.set', 'followup.scheduled']);
  const [entry] = pool.list().entries;
  assert.equal(entry.outcome.note, 'Keep warm');
  assert.deepEqual(entry.outcome.scores, [{ by: 'System design', score: 'yes' }, { by: 'Coding', score: 'strong_yes' }]);
  assert.equal(entry.flags.openToContract, true);
  assert.deepEqual(entry.flags.futureRoles.families, ['backend']);
  assert.equal(entry.nextFollowUp, '2027-03-01');
  pool.dispose();
});

test('one score row arrives as strings, not arrays; no flags and no follow-up add no events', async () => {
  const pool = await openPool({ actor: 'r-1', storage: memoryStorage(), wasmBinary });
  await seed(pool);
  const command = outcomeCommand(
    values({ scoreBy: 'Hiring manager', score: 'mixed', openToContract: false, futureFamilies: '', withFollowUp: false, reasonCode: 'timing' }),
  );
  assert.deepEqual(command.outcome.scores, [{ by: 'Hiring manager', score: 'mixed' }]);
  assert.equal('flags' in command, false);
  assert.equal('followUp' in command, false);
  assert.deepEqual((await pool.record(command)).map((e) => e.type), ['outcome.recorded']);
  pool.dispose();
});

test('a follow-up without a due date is refused by the core at /followUp/due', async () => {
  const pool = await openPool({ actor: 'r-1', storage: memoryStorage(), wasmBinary });
  await seed(pool);
  await assert.rejects(pool.record(outcomeCommand(values({ followUpDue: '' }))), (e) => e.path === '/followUp/due');
  assert.equal(pool.list().total, 0, 'nothing was recorded');
  pool.dispose();
});

test('only runner-ups carry a rank; an empty rank reaches the core as 0 for it to refuse', () => {
  assert.equal('rank' in outcomeCommand(values({ outcome: 'withdrew' })).outcome, false);
  assert.equal(outcomeCommand(values({ rank: '' })).outcome.rank, 0);
});

test('the card’s flag form always yields the whole flag set', () => {
  const flags = flagsFromValues({ doNotContact: true, doNotContactReason: ' Asked us not to ' }, { always: true });
  assert.equal(flags.doNotContact, true);
  assert.equal(flags.doNotContactReason, 'Asked us not to');
  assert.deepEqual(flags.futureRoles, { families: [], departments: [], requisitions: [] });
  assert.equal(flagsFromValues({}), null);
});

test('the dialog started from a person’s flags sends the whole set: unticking everything clears them', async () => {
  const pool = await openPool({ actor: 'r-1', storage: memoryStorage(), wasmBinary });
  await seed(pool);
  await pool.record(outcomeCommand(values({ withFollowUp: false, openToPartTime: true, availableFrom: '2027-02-01' })));
  assert.equal(pool.list().entries[0].flags.availableFrom, '2027-02-01');
  const cleared = outcomeCommand(values({ withFollowUp: false, openToContract: false, futureFamilies: '', hadFlags: true }));
  assert.equal(cleared.flags.openToContract, false);
  await pool.record(cleared);
  const { flags } = pool.list().entries[0];
  assert.equal(flags.openToContract, false);
  assert.equal(flags.availableFrom, null, 'no date without contract or part-time work (the core’s rule)');
  assert.deepEqual(flags.futureRoleNames, []);
  pool.dispose();
});

test('moving a runner-up swaps it with its neighbour, and refuses to leave the list', () => {
  assert.deepEqual(moveInOrder(['a', 'b', 'c'], 'c', -1), ['a', 'c', 'b']);
  assert.deepEqual(moveInOrder(['a', 'b', 'c'], 'a', 1), ['b', 'a', 'c']);
  assert.equal(moveInOrder(['a', 'b', 'c'], 'a', -1), null);
  assert.equal(moveInOrder(['a', 'b', 'c'], 'x', 1), null);
});

test('next in line lists every runner-up in rank order, skipped ones included, and a moved order ranks', async () => {
  const pool = await openPool({ actor: 'r-1', storage: memoryStorage(), wasmBinary });
  await seed(pool);
  await pool.record({ type: 'saveCandidate', candidate: { id: 'c-dan', name: 'Dan' } });
  await pool.record(runnerUp(ana.id));
  await pool.record(runnerUp(jose.id, { rank: 2 }));
  await pool.record({ ...runnerUp('c-dan', { rank: 3 }), flags: { openToContract: false, openToPartTime: false, availableFrom: null, futureRoles: { families: [], departments: [], requisitions: [] }, doNotContact: true, doNotContactReason: 'asked' } });
  const nil = pool.query({ type: 'nextInLine', requisitionId: staff.id, today: '2026-11-22' });
  const rows = rankedRunnerUps(nil);
  assert.deepEqual(rows.map((r) => [r.candidate.id, r.why]), [[ana.id, ''], [jose.id, ''], ['c-dan', 'do_not_contact']]);
  await pool.record({ type: 'rankRunnerUps', requisitionId: staff.id, order: moveInOrder(rows.map((r) => r.candidate.id), 'c-dan', -1) });
  const again = rankedRunnerUps(pool.query({ type: 'nextInLine', requisitionId: staff.id, today: '2026-11-22' }));
  assert.deepEqual(again.map((r) => r.candidate.id), [ana.id, 'c-dan', jose.id]);
  // the requisition's hire, as the pool holds it, is never among its runner-ups
  const held = pool.query({ type: 'requisitions' }).requisitions.find((r) => r.id === staff.id);
  assert.equal(held.hiredCandidateId, chen.id);
  assert.ok(!again.some((r) => r.candidate.id === held.hiredCandidateId));
  pool.dispose();
});

test('errors are scoped to the form that caused them and to the field their path names', () => {
  const error = { source: 'card-feedback', path: '/feedback/givenAt', message: 'm' };
  assert.equal(pathMatches(error, 'card-feedback', '/feedback/givenAt'), true);
  assert.equal(pathMatches(error, 'card-feedback', '/feedback'), true);
  assert.equal(pathMatches(error, 'card-feedback', '/feedback/given'), false);
  assert.equal(pathMatches(error, 'card-touchpoint', '/feedback/givenAt'), false);
  assert.equal(pathMatches({ ...error, path: '' }, 'card-feedback', '/feedback'), false);
});

test('small helpers: lists, dates and event descriptions', () => {
  assert.deepEqual(splitList(' a, b ,, c '), ['a', 'b', 'c']);
  assert.equal(addDays('2026-12-30', 3), '2027-01-02');
  const now = new Date();
  assert.equal(dayToInstant('2026-11-20', '2026-11-20', now), now.toISOString(), 'today is now, never later today');
  assert.equal(dayToInstant('2026-11-02'), '2026-11-02T12:00:00Z');
  assert.equal(dayToInstant(''), '');
  assert.equal(
    describeEvent({ type: 'followup.scheduled', data: { candidateId: 'c-1', due: '2026-12-01' } }, { candidateName: () => 'Ana' }),
    'Follow-up with Ana due 2026-12-01',
  );
});

test('every tab of the registry has a unique id, a name in every language and a view to render', () => {
  const ids = views.map((v) => v.id);
  assert.equal(new Set(ids).size, ids.length, `a tab id twice: ${ids}`);
  for (const v of views) {
    assert.match(v.id, /^[a-z]+$/, 'ids become element ids and state keys');
    assert.equal(typeof v.render, 'function', v.id);
    for (const locale of ['en', 'de']) {
      const name = catalogue(locale).messages[v.key];
      assert.ok(typeof name === 'string' && name.trim(), `${v.id} has no name in ${locale}.js`);
    }
  }
  assert.equal(ids[0], 'pool', 'the widget opens on the pool');
});

test('a snooze never moves a follow-up earlier: the core refuses it at /until and answers the date the views offer', async () => {
  // Dec 7: a follow-up due Dec 17 is offered Dec 24 (a week after its due date, not Dec 14);
  // an overdue one a week from today
  const pool = await openPool({ actor: 'r-1', storage: memoryStorage(), wasmBinary, sync: false, now: () => new Date('2026-12-07T10:00:00Z') });
  try {
    await seed(pool);
    await pool.record({ type: 'scheduleFollowUp', followUp: { candidateId: ana.id, due: '2026-12-17' } });
    await pool.record({ type: 'scheduleFollowUp', followUp: { candidateId: jose.id, due: '2026-12-01' } });
    const due = pool.query({ type: 'followUps', today: '2026-12-07' });
    assert.deepEqual([...due.overdue, ...due.upcoming].map((d) => [d.candidate.id, d.due, d.snoozeDefault]),
      [[jose.id, '2026-12-01', '2026-12-14'], [ana.id, '2026-12-17', '2026-12-24']]);
    const id = due.upcoming[0].followUp.id;
    const card = pool.query({ type: 'candidate', id: ana.id, today: '2026-12-07' });
    assert.equal(card.followUps.find((f) => f.id === id).snoozeDefault, '2026-12-24');

    // the views offer the core's date, in the Follow-ups tab and on the card
    const ctx = viewContext(pool, 'en', '2026-12-07');
    const tab = flatten(renderFollowUps(ctx));
    assert.ok(tab.includes('2026-12-24') && tab.includes('2026-12-14'), 'each follow-up offers its own date');
    const onCard = flatten(renderCandidateCard(ctx, ana.id, () => {}));
    assert.ok(onCard.includes('2026-12-24'), 'the card offers the core’s date');
    assert.ok(!onCard.includes('2026-12-14'), 'not a week from today');

    // earlier than it is due: refused, nothing recorded
    await assert.rejects(pool.record({ type: 'snoozeFollowUp', followUpId: id, until: '2026-12-14' }),
      (e) => e.code === 'invalid_field' && e.path === '/until' && /due on 2026-12-17/.test(e.message));
    assert.equal(pool.query({ type: 'followUps', today: '2026-12-07' }).upcoming[0].due, '2026-12-17');
    // the default is accepted
    await pool.record({ type: 'snoozeFollowUp', followUpId: id, until: '2026-12-24' });
    const snoozed = pool.query({ type: 'followUps', today: '2026-12-07' }).upcoming.find((d) => d.followUp.id === id);
    assert.deepEqual([snoozed.due, snoozed.followUp.status, snoozed.snoozeDefault], ['2026-12-24', 'snoozed', '2026-12-31']);
  } finally {
    pool.dispose();
  }
});
