// One node contender of the benchmark, in its own process so its memory is its own:
//
//   node --expose-gc bench/contender.mjs wasm|plain|flexsearch|minisearch|sqlite SIZE [--min-ms 2000]
//
// Prints one JSON line of figures (milliseconds, MB). Every contender reads the same generated
// pool (bench/data/pool-SIZE.json) and runs the same queries (bench/data/queries-SIZE.json).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CorePool } from '../web/src/core.js';
import { buildModel, eventBatches, fold, haystack, measure, now, passes, queryTokens, rankPlain, SCORE, STAGE } from './lib.mjs';

const [name, size] = process.argv.slice(2);
const args = process.argv.slice(4);
const minMs = Number(args.includes('--min-ms') ? args[args.indexOf('--min-ms') + 1] : 2000);
const dataDir = new URL('./data/', import.meta.url);
const queries = JSON.parse(readFileSync(new URL(`queries-${size}.json`, dataDir), 'utf8'));
const poolUrl = new URL(`pool-${size}.json`, dataDir);
const { today, limit } = queries;
const mb = (b) => b / 1e6;
const gc = () => globalThis.gc && (globalThis.gc(), globalThis.gc());
const heap = () => (gc(), process.memoryUsage().heapUsed);
const out = { contender: name };

// JSON.parse of the same file: the baseline every import is compared with (strings under V8's
// limit only: up to 100k).
function parseWhole() {
  const text = readFileSync(poolUrl, 'utf8');
  const t0 = now();
  const doc = JSON.parse(text);
  out.parseMs = now() - t0;
  out.parseMBps = mb(Buffer.byteLength(text)) / (out.parseMs / 1000);
  return doc;
}

async function wasm() {
  // RUNNERUP_WASM_DIR (relative to the repository): another build of the module to measure
  const dir = new URL(`../${process.env.RUNNERUP_WASM_DIR || 'build/wasm'}/`, import.meta.url);
  const { default: createRunnerUpCore } = await import(new URL('runnerup-core.mjs', dir));
  const M = await createRunnerUpCore({ wasmBinary: readFileSync(new URL('runnerup-core.wasm', dir)) });
  const bytes = readFileSync(poolUrl);
  const heapBefore = M.HEAP8.buffer.byteLength;
  const pool = new M.Pool();
  const call = (method, ...a) => {
    const text = pool[method](...a);
    if (!text.startsWith('{"ok":true')) throw new Error(`${method}: ${text.slice(0, 300)}`);
    return text;
  };
  // Through the JS facade the widget uses (web/src/core.js).
  const core = new CorePool(pool, M);
  // Import: the file's events fed as bytes in batches of 4,000 lines through apply() (parse,
  // validate, fold), then the first query builds the index.
  let t0 = now();
  let events = 0;
  // a module out of memory aborts (wasm32 addresses 4 GB): the failure says where and how far
  stage = () => `${events.toLocaleString('en')} events applied, the module's memory at ${mb(M.HEAP8.buffer.byteLength).toFixed(0)} MB`;
  stage.what = 'the import';
  for (const batch of eventBatches(bytes, null)) events += core.apply(batch).applied;
  out.importMs = now() - t0;
  stage.what = 'the index build';
  out.importMBps = mb(bytes.length) / (out.importMs / 1000);
  out.events = events;
  // the page the widget's result list asks for (fields "row"; a hit's factors come on demand)
  const q = (o) => JSON.stringify({ type: 'search', today, limit, fields: 'row', ...o });
  t0 = now();
  call('query', q({ text: '' }));
  out.indexMs = now() - t0; // first query: index build + one query
  stage.what = 'the queries and snapshots';
  // wasm memory never shrinks: its size now is the import's peak (the log, the state, the index)
  out.wasmHeapMB = mb(M.HEAP8.buffer.byteLength);
  out.wasmHeapGrowthMB = mb(M.HEAP8.buffer.byteLength - heapBefore);
  const rankQ = queries.rank.map((x) => q(x));
  const searchQ = queries.search.map((x) => q(x));
  // the answer read as a view of wasm memory, the envelope parsed, as the widget does
  out.rank = measure(rankQ.length, minMs, (i) => core.query(rankQ[i]));
  // the same work as the native contender's figure: the query's text in, the page's text out
  // (left in wasm memory; the facade above also decodes it and JSON.parses it in JS)
  out.rankText = measure(rankQ.length, minMs, (i) => pool.queryView(rankQ[i]));
  out.search = measure(searchQ.length, minMs, (i) => core.query(searchQ[i]));
  out.rankTotals = rankQ.map((x) => core.query(x).total);
  out.searchTotals = searchQ.map((x) => core.query(x).total);
  t0 = now();
  const snap = call('snapshot');
  out.snapshotSaveMs = now() - t0;
  out.snapshotMB = mb(snap.length);
  const value = snap.slice('{"ok":true,"value":'.length, -1);
  const restored = new M.Pool();
  t0 = now();
  const r = restored.restore(value);
  out.snapshotLoadMs = now() - t0;
  if (!r.startsWith('{"ok":true')) throw new Error(r.slice(0, 300));
  restored.delete();
  // the binary form the browser's storage keeps (copied out of wasm memory, as web/src/core.js does)
  const bin = binarySnapshot(M, pool);
  out.wasmHeapEndMB = mb(M.HEAP8.buffer.byteLength);
  pool.delete();
  await memoryPhases(dir, bytes, bin, q({ text: '' }));
  if (size !== '1m') parseWhole();
}

// The wasm memory issue 20 sets targets for, each phase in a module of its own (wasm memory never
// shrinks, so a module's size after a phase is the phase's peak): the pool opened as the widget
// opens it (the binary snapshot restored in steps, then the first query builds the index), then
// with its history given back (every event, as the widget's open does in the background); and
// the widget's import (an import session fed the file in 1 MB chunks into an empty pool, adopted,
// then the index).
async function memoryPhases(dir, bytes, bin, firstQuery) {
  const { default: createRunnerUpCore } = await import(new URL('runnerup-core.mjs', dir));
  const wasmBinary = readFileSync(new URL('runnerup-core.wasm', dir));
  const fresh = async () => {
    const M = await createRunnerUpCore({ wasmBinary });
    return { M, core: new CorePool(new M.Pool(), M), size: () => mb(M.HEAP8.buffer.byteLength) };
  };
  let m = await fresh();
  await m.core.restoreInSteps(bin, async () => {});
  m.core.query(firstQuery);
  out.openHeapMB = m.size();
  for (const batch of eventBatches(bytes, null)) m.core.attachHistory(batch);
  while (!m.core.finishHistoryStep(20000).done);
  out.historyHeapMB = m.size();
  m.core.dispose();
  m = await fresh();
  m.core.importBegin('pool', {}, 'bench', '2026-12-07T00:00:00Z', 'bench');
  for (let at = 0; at < bytes.length; at += 1 << 20) m.core.importFeed(bytes.subarray(at, at + (1 << 20)));
  m.core.importFinish();
  if (!m.core.importAdopt()) throw new Error('the import session was not adopted');
  m.core.query(firstQuery);
  out.sessionImportHeapMB = m.size();
  m.core.dispose();
}

function binarySnapshot(M, pool) {
  let t0 = now();
  const bin = pool.snapshotBinary().slice();
  pool.releaseBytes();
  out.binarySnapshotSaveMs = now() - t0;
  out.binarySnapshotMB = mb(bin.length);
  // loaded as the widget loads it (web/src/core.js: copied in with one HEAPU8.set)
  const fromBytes = new M.Pool();
  t0 = now();
  new CorePool(fromBytes, M).restore(bin);
  out.binarySnapshotLoadMs = now() - t0;
  fromBytes.delete();
  return bin;
}

function plain() {
  const h0 = heap();
  const doc = parseWhole();
  let t0 = now();
  const model = buildModel(doc, today);
  for (const e of model.entries) e.text = haystack(e);
  out.indexMs = now() - t0;
  out.importMs = out.parseMs + out.indexMs;
  out.importMBps = out.parseMBps;
  out.heapMB = mb(heap() - h0);
  out.rank = measure(queries.rank.length, minMs, (i) => rankPlain(model, queries.rank[i], limit));
  const tokens = queries.search.map((x) => queryTokens(x.text));
  const search = (i) => {
    const t = tokens[i];
    const hits = model.entries.filter((e) => !e.blocked && t.every((w) => e.text.includes(w)));
    hits.sort((a, b) => b.decided - a.decided);
    return { total: hits.length, hits: hits.slice(0, limit) };
  };
  out.search = measure(tokens.length, minMs, search);
  out.rankTotals = queries.rank.map((x) => rankPlain(model, x, limit).total);
  out.searchTotals = tokens.map((_, i) => search(i).total);
  t0 = now();
  const snap = JSON.stringify({ entries: model.entries.map(({ candidate, outcome, flags }) => ({ candidate, outcome, flags })) });
  out.snapshotSaveMs = now() - t0;
  out.snapshotMB = mb(snap.length);
  t0 = now();
  JSON.parse(snap);
  out.snapshotLoadMs = now() - t0;
}

function docs(model) {
  return model.entries.map((e, id) => ({
    id, name: e.candidate.name, title: e.candidate.title, skills: e.candidate.skills.join(' '),
    notes: `${e.candidate.tags.join(' ')} ${e.outcome.note} ${e.outcome.reason.note}`,
  }));
}

async function flexsearch() {
  const { Index, Charset } = await import('flexsearch');
  const doc = parseWhole();
  const model = buildModel(doc, today);
  const all = docs(model);
  const h0 = heap();
  const t0 = now();
  const index = new Index({ tokenize: 'forward', encoder: Charset.Normalize });
  for (const d of all) index.add(d.id, `${d.name} ${d.title} ${d.skills} ${d.notes}`);
  out.indexMs = now() - t0;
  out.importMs = out.parseMs + out.indexMs;
  out.indexMB = mb(heap() - h0);
  const search = (i) => index.search(queries.search[i].text, { limit });
  out.search = measure(queries.search.length, minMs, search);
  out.searchTotals = queries.search.map((x) => index.search(x.text, { limit: 1e9 }).length);
}

async function minisearch() {
  const { default: MiniSearch } = await import('minisearch');
  const doc = parseWhole();
  const model = buildModel(doc, today);
  const all = docs(model);
  const h0 = heap();
  const t0 = now();
  const index = new MiniSearch({ fields: ['name', 'title', 'skills', 'notes'], processTerm: (t) => fold(t) });
  index.addAll(all);
  out.indexMs = now() - t0;
  out.importMs = out.parseMs + out.indexMs;
  out.indexMB = mb(heap() - h0);
  const opts = { prefix: true, combineWith: 'AND' };
  const search = (i) => index.search(queries.search[i].text, opts).slice(0, limit);
  out.search = measure(queries.search.length, minMs, search);
  out.searchTotals = queries.search.map((x) => index.search(x.text, opts).length);
}

async function sqlite() {
  const require = createRequire(import.meta.url);
  const initSqlJs = require('sql.js');
  const SQL = await initSqlJs({ useOldExtensionFunctions: false });
  const doc = parseWhole();
  const model = buildModel(doc, today);
  let t0 = now();
  const db = new SQL.Database();
  db.run(`CREATE TABLE e(row INTEGER PRIMARY KEY, stage INT, initiator TEXT, reason TEXT, not_about INT, score INT, fit REAL,
    decided INT, country TEXT, city TEXT, contract INT, parttime INT, future INT, blocked INT);
    CREATE TABLE s(row INT, skill TEXT); CREATE INDEX s_skill ON s(skill, row);`);
  const NOT_ABOUT = new Set(['stronger_candidate', 'internal_candidate', 'role_scope_changed', 'role_on_hold', 'role_cancelled',
    'accepted_other_offer', 'declined_offer', 'timing', 'not_interested']);
  const FIT = { strong: 1, qualified: 0.6, unknown: 0.4, not_a_fit: 0 };
  db.run('BEGIN');
  const ins = db.prepare('INSERT INTO e VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
  const insS = db.prepare('INSERT INTO s VALUES (?,?)');
  model.entries.forEach((e, row) => {
    const o = e.outcome, f = e.flags, c = e.candidate;
    let sc = null;
    if (o.scores.length) sc = Math.round((o.scores.reduce((a, x) => a + SCORE[x.score], 0) / o.scores.length) * 25);
    const future = f ? f.futureRoles.families.length + f.futureRoles.departments.length + f.futureRoles.requisitions.length > 0 : false;
    ins.run([row, STAGE[o.stage], o.initiator, o.reason.code, NOT_ABOUT.has(o.reason.code) ? 1 : 0, sc, FIT[o.futureFit],
      e.decided, c.location.country, fold(c.location.city), f && f.openToContract ? 1 : 0, f && f.openToPartTime ? 1 : 0,
      future ? 1 : 0, e.blocked ? 1 : 0]);
    for (const s of c.skills) insS.run([row, s]);
  });
  ins.free();
  insS.free();
  db.run('COMMIT');
  out.indexMs = now() - t0;
  out.importMs = out.parseMs + out.indexMs;
  out.dbMB = mb(db.export().length);
  const stmts = queries.rank.map((q) => {
    const req = model.requisitions.get(q.requisitionId);
    const f = q.filters;
    const where = ['blocked = 0'];
    const p = {};
    if (f.minStage) where.push(`stage >= ${STAGE[f.minStage]}`);
    if (f.openToContract !== undefined) where.push(`contract = ${f.openToContract ? 1 : 0}`);
    if (f.futureRoles !== undefined) where.push(`future = ${f.futureRoles ? 1 : 0}`);
    if (f.reasons) where.push(`reason IN (${f.reasons.map((r) => `'${r}'`).join(',')})`);
    if (f.initiator) where.push(`initiator = '${f.initiator}'`);
    if (f.country) where.push(`country = '${f.country}'`);
    if (f.minScore) where.push(`score >= ${SCORE[f.minScore] * 25}`);
    const list = (a) => a.map((s) => `'${s.replace(/'/g, "''")}'`).join(',') || "''";
    const den = 2 * req.requiredSkills.length + req.niceSkills.length;
    const loc = req.location;
    const location = !loc.city && !loc.country ? '1' :
      `CASE WHEN ${loc.city ? `city = '${fold(loc.city)}'` : '0'} ${loc.country ? `AND country = '${loc.country}'` : ''} THEN 1 WHEN country = '${loc.country}' AND '${loc.country}' <> '' THEN 0.6 ELSE 0 END`;
    const employment = req.employmentType === 'contract' || req.employmentType === 'temporary' ? 'contract' : req.employmentType === 'part_time' ? 'parttime' : '1';
    p[':today'] = model.todayMs;
    const sql = `SELECT e.row, 35.0 * ${den > 0 ? `(2 * COALESCE(k.req, 0) + COALESCE(k.nice, 0)) / ${den}.0` : '0.5'}
      + 10 * stage / 4.0 + 15 * COALESCE(score / 100.0, 0.5) + 15 * fit + 5 * not_about
      + 10 * exp(-MAX(0, :today - decided) / 86400000.0 / 365.0) + 5 * (${location}) + 5 * ${employment} AS total
      FROM e LEFT JOIN (SELECT row, SUM(skill IN (${list(req.requiredSkills)})) AS req, SUM(skill IN (${list(req.niceSkills)})) AS nice
        FROM s WHERE skill IN (${list([...req.requiredSkills, ...req.niceSkills])}) GROUP BY row) k ON k.row = e.row
      WHERE ${where.join(' AND ')} ORDER BY total DESC, decided DESC LIMIT ${limit}`;
    return { stmt: db.prepare(sql), p, count: db.prepare(`SELECT count(*) FROM e WHERE ${where.join(' AND ')}`) };
  });
  const rank = (i) => {
    const { stmt, p } = stmts[i];
    stmt.bind(p);
    const rows = [];
    while (stmt.step()) rows.push(stmt.get());
    stmt.reset();
    return rows;
  };
  out.rank = measure(stmts.length, minMs, rank);
  out.rankTotals = stmts.map(({ count }) => {
    count.step();
    const n = count.get()[0];
    count.reset();
    return n;
  });
  t0 = now();
  const image = db.export();
  out.snapshotSaveMs = now() - t0;
  out.snapshotMB = mb(image.length);
  t0 = now();
  new SQL.Database(image).close();
  out.snapshotLoadMs = now() - t0;
}

const run = { wasm, plain, flexsearch, minisearch, sqlite }[name];
if (!run) {
  console.error(`unknown contender ${name}`);
  process.exit(2);
}
const rss0 = process.memoryUsage().rss;
let stage = null; // the wasm contender's phase, for its failure
try {
  await run();
} catch (e) {
  if (!stage) throw e;
  throw new Error(`${stage.what} stopped (${stage()}): ${String(e.message).split('.')[0]}`);
}
out.rssMB = mb(process.memoryUsage().rss);
out.rssGrowthMB = mb(process.memoryUsage().rss - rss0);
console.log(JSON.stringify(out));
