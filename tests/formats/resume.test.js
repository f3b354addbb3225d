// JSON Resume exports validated with ajv against the official schema (npm resume-schema, the
// v1.0.0 schema.json, JSON Schema draft-04), loaded from node_modules: nothing is fetched.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { NASTY, nastyPool } from './fixture.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('resume-schema/schema.json'), 'utf8'));
const golden = JSON.parse(readFileSync(new URL('../data/formats/c-1.resume.json', import.meta.url), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

test('the golden JSON Resume and every candidate of a pool validate against the official schema', async () => {
  const validate = validator();
  assert.ok(validate(golden), JSON.stringify(validate.errors, null, 1));
  const pool = await nastyPool();
  const ids = pool.query({ type: 'candidates' }).candidates.map((c) => c.id);
  assert.equal(ids.length, NASTY.length);
  for (const id of ids) {
    const resume = pool.exportJsonResume(id);
    assert.ok(validate(resume), `${id}: ${JSON.stringify(validate.errors, null, 1)}`);
    assert.ok(resume.meta.runnerup, 'the pipeline is under meta');
  }
  pool.dispose();
});

test('the validator is strict enough to refuse a broken resume', () => {
  const validate = validator();
  assert.equal(validate({ ...golden, basics: { ...golden.basics, email: 'not an e-mail' } }), false);
  assert.equal(validate({ ...golden, skills: 'go' }), false);
  assert.equal(validate({ ...golden, unknownTopLevel: 1 }), false);
});
