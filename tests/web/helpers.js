// Shared set-up for the node tests: the REAL wasm core from build/wasm, never a mock.
import assert from 'node:assert/strict';
import { RunnerUpError } from '../../web/src/errors.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const wasmPath = fileURLToPath(new URL('../../build/wasm/runnerup-core.wasm', import.meta.url));
export const wasmBinary = readFileSync(wasmPath);

export const AT = '2026-11-22T10:00:00Z';

export const ana = { id: 'c-ana', name: 'Ana Núñez', title: 'Backend engineer', skills: ['go', 'postgresql'] };
export const chen = { id: 'c-chen', name: 'Chen Wei' };
export const jose = { id: 'c-jose', name: 'José Müller-García' };
export const staff = { id: 'r-staff', title: 'Staff engineer', department: 'Platform', status: 'filled', hiredCandidateId: 'c-chen' };

/** A runner-up outcome for `candidateId` on r-staff; `overrides` replace fields. */
export function runnerUp(candidateId, overrides = {}) {
  return {
    type: 'recordOutcome',
    outcome: {
      candidateId,
      requisitionId: staff.id,
      stage: 'final',
      outcome: 'runner_up',
      rank: 1,
      reason: { code: 'stronger_candidate', note: '' },
      futureFit: 'strong',
      note: 'Great systems design interview.',
      ...overrides,
    },
  };
}

/** Saves the usual candidates and requisition into a pool. */
export async function seed(pool) {
  await pool.record({ type: 'saveRequisition', requisition: staff });
  for (const candidate of [ana, chen, jose]) await pool.record({ type: 'saveCandidate', candidate });
}

/** Awaits `promise`, which must fail with the facade's RunnerUpError of `code`; returns the error. */
export async function rejects(promise, code) {
  let caught;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof RunnerUpError, `expected a RunnerUpError ${code}, got ${caught}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}
