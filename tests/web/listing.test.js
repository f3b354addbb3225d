// What the Pool tab and the Search tab read from the real wasm core: everyone the ATS did not
// hire, each (person, requisition) outcome with its words, "hired elsewhere", and what the
// recruiter's filters leave out (the views show the core's counts; they compute no rule).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { ana, chen, jose, runnerUp, seed, staff, wasmBinary } from './helpers.js';

const today = '2026-11-22';
const sre = { id: 'r-sre', title: 'Site reliability engineer', status: 'filled' };

/** Ana: ranked runner-up on r-staff, rejected later on r-sre. José: only rejected, not a fit. Chen: hired on r-staff, runner-up on r-sre. */
async function poolWithRejections() {
  const pool = await openPool({ name: 'listing', actor: 'recruiter-1', storage: memoryStorage(), wasmBinary });
  await seed(pool);
  await pool.record({ type: 'saveRequisition', requisition: sre });
  await pool.record(runnerUp(ana.id));
  await pool.record(runnerUp(ana.id, { requisitionId: sre.id, outcome: 'rejected', rank: 0, stage: 'screen',
    reason: { code: 'skills_gap', note: '' }, futureFit: 'not_a_fit' }));
  await pool.record(runnerUp(jose.id, { outcome: 'rejected', rank: 0, stage: 'applied',
    reason: { code: 'skills_gap', note: '' }, futureFit: 'not_a_fit' }));
  await pool.record(runnerUp(chen.id, { outcome: 'hired', rank: 0, stage: 'offer', reason: undefined, futureFit: 'unknown' }));
  await pool.record(runnerUp(chen.id, { requisitionId: sre.id, rank: 1, futureFit: 'qualified' }));
  await pool.prepareSearch(today);
  return pool;
}

describe('the pool listing', () => {
  test('lists every outcome that is not a hire, with its outcome and hired elsewhere', async () => {
    const pool = await poolWithRejections();
    const { total, leftOut, entries } = pool.query({ type: 'pool' });
    assert.equal(total, 4);
    assert.equal(leftOut, 0);
    const rows = entries.map((e) => [e.candidate.id, e.outcome.requisitionId, e.outcome.outcome, e.hiredElsewhere]);
    assert.deepEqual(rows.sort(), [
      [ana.id, sre.id, 'rejected', false],
      [ana.id, staff.id, 'runner_up', false],
      [chen.id, sre.id, 'runner_up', true],
      [jose.id, staff.id, 'rejected', false],
    ]);
    assert.deepEqual(pool.taxonomy().outcomes.filter((o) => o.inPool).map((o) => o.code), ['runner_up', 'rejected', 'withdrew', 'offer_declined']);
    pool.dispose();
  });

  test('filters by outcome and "not a fit" only when asked, and counts what they leave out', async () => {
    const pool = await poolWithRejections();
    const rejected = pool.query({ type: 'pool', outcomes: ['rejected'] });
    assert.equal(rejected.total, 2);
    assert.equal(rejected.leftOut, 2);
    const fits = pool.query({ type: 'pool', includeNotAFit: false });
    assert.deepEqual(fits.entries.map((e) => e.outcome.futureFit).sort(), ['qualified', 'strong']);
    assert.equal(fits.leftOut, 2);
    pool.dispose();
  });
});

describe('search', () => {
  test('finds a rejected person by name, with their outcome in the row', async () => {
    const pool = await poolWithRejections();
    const page = pool.query({ type: 'search', today, text: 'jose', fields: 'row' });
    assert.equal(page.total, 1);
    assert.equal(page.hits[0].id, jose.id);
    assert.equal(page.hits[0].outcome, 'rejected');
    assert.equal(page.hits[0].notAFit, true);
    pool.dispose();
  });

  test('shows a ranked runner-up by that outcome however they were rejected later, and counts the other', async () => {
    const pool = await poolWithRejections();
    const [hit] = pool.query({ type: 'search', today, text: 'ana', fields: 'row' }).hits;
    assert.equal(hit.outcome, 'runner_up');
    assert.equal(hit.requisitionId, staff.id);
    assert.equal(hit.runnerUpRank, 1);
    assert.equal(hit.outcomeCount, 2);
    const rejected = pool.query({ type: 'search', today, filters: { outcomes: ['rejected'] }, fields: 'row' });
    assert.deepEqual(rejected.hits.map((h) => h.id).sort(), [ana.id, jose.id]);
    pool.dispose();
  });

  test('a ranking leaves out people who are not a fit and says how many; the recruiter can include them', async () => {
    const pool = await poolWithRejections();
    const ranked = pool.query({ type: 'search', today, requisitionId: staff.id, fields: 'row' });
    assert.equal(ranked.includeNotAFit, false);
    assert.equal(ranked.notAFitLeftOut, 1);
    assert.ok(!ranked.hits.some((h) => h.id === jose.id));
    const all = pool.query({ type: 'search', today, requisitionId: staff.id, filters: { includeNotAFit: true }, fields: 'row' });
    assert.equal(all.total, ranked.total + 1);
    assert.equal(all.notAFitLeftOut, 0);
    pool.dispose();
  });

  test('marks a person hired elsewhere', async () => {
    const pool = await poolWithRejections();
    const [hit] = pool.query({ type: 'search', today, text: 'chen', fields: 'row' }).hits;
    assert.equal(hit.hiredElsewhere, true);
    pool.dispose();
  });

  test('a search that finds no one within its filters says how many match outside them', async () => {
    const pool = await poolWithRejections();
    const page = pool.query({ type: 'search', today, text: 'jose', filters: { openToContract: true }, fields: 'row' });
    assert.equal(page.total, 0);
    assert.equal(page.outsideFilters, 1);
    assert.equal(pool.query({ type: 'search', today, text: 'nobody here', fields: 'row' }).outsideFilters, 0);
    pool.dispose();
  });
});
