// Shared by the JS contenders (node and the Chromium page): timing, percentiles, the chunked
// feed of a generated log into the wasm core, and the plain-JS model the peers query.
//
// Samples: every query runs once as warm-up, then passes over the whole query list repeat until
// `minMs` has gone by (at least 3 passes); p50/p99 are over every run.

export const now = () => performance.now();

export function stats(samples) {
  const v = Float64Array.from(samples).sort();
  const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  let sum = 0;
  for (const x of v) sum += x;
  return { p50: at(0.5), p99: at(0.99), mean: sum / v.length, n: v.length };
}

export function measure(count, minMs, run) {
  for (let i = 0; i < count; i++) run(i);
  const samples = [];
  const start = now();
  for (let pass = 0; pass < 3 || now() - start < minMs; pass++) {
    for (let i = 0; i < count; i++) {
      const t0 = now();
      run(i);
      samples.push(now() - t0);
    }
  }
  return stats(samples);
}

// The events array of a generated log, in batches: the generator writes one event per line
// ("{...},\n"), so a batch is a slice of lines wrapped in [ ]. Works on a Uint8Array of the whole
// file; `decode` turns the batch's bytes into a string (TextDecoder in the browser, Buffer in
// node), or is null to have the bytes (what a file import reads).
export function* eventBatches(bytes, decode, linesPerBatch = 4000) {
  const space = (b) => b === 10 || b === 13 || b === 32 || b === 9;
  let pos = bytes.indexOf(10) + 1; // after the header line
  while (pos < bytes.length) {
    let end = pos;
    for (let k = 0; k < linesPerBatch; k++) {
      const nl = bytes.indexOf(10, end);
      if (nl < 0) { end = bytes.length; break; }
      end = nl + 1;
      if (bytes[pos] === 93 /* ] */) break;
    }
    const from = pos;
    pos = end;
    if (bytes[from] === 93 /* ] */) break;
    let to = end;
    while (to > from && space(bytes[to - 1])) to--;
    if (to - from >= 2 && bytes[to - 1] === 125 /* } */ && bytes[to - 2] === 93 /* ] */) { // the document's end
      to -= 2;
      while (to > from && space(bytes[to - 1])) to--;
    }
    if (to > from && bytes[to - 1] === 44 /* , */) to--;
    if (to === from) continue;
    const batch = new Uint8Array(to - from + 2);
    batch[0] = 91; // [
    batch.set(bytes.subarray(from, to), 1);
    batch[batch.length - 1] = 93; // ]
    yield decode ? decode(batch) : batch;
  }
}

// ---- the plain-JS model: what an engineer writes over JSON.parse'd objects ---------------------

const SPECIAL = { ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ı: 'i' };
export function fold(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[øØłŁđĐßæÆœŒı]/g, (c) => SPECIAL[c]).toLowerCase();
}

export const STAGE = { applied: 0, screen: 1, interview: 2, final: 3, offer: 4 };
export const SCORE = { strong_no: 0, no: 1, mixed: 2, yes: 3, strong_yes: 4 };
const FIT = { strong: 1, qualified: 0.6, unknown: 0.4, not_a_fit: 0 };
const NOT_ABOUT = new Set(['stronger_candidate', 'internal_candidate', 'role_scope_changed', 'role_on_hold', 'role_cancelled',
  'accepted_other_offer', 'declined_offer', 'timing', 'not_interested']);
const KEEPS = new Set(['runner_up', 'withdrew', 'offer_declined']);
const DAY = 86_400_000;

// Folds a log document's events into pool entries (one per person whose latest outcome keeps
// them in the pool), as plain objects.
export function buildModel(doc, today) {
  const candidates = new Map(), requisitions = new Map(), outcomes = new Map(), flags = new Map();
  for (const e of doc.events) {
    const d = e.data;
    if (e.type === 'candidate.saved') candidates.set(d.candidate.id, d.candidate);
    else if (e.type === 'requisition.saved') requisitions.set(d.requisition.id, d.requisition);
    else if (e.type === 'outcome.recorded') outcomes.set(d.outcome.candidateId, d.outcome);
    else if (e.type === 'flags.set') flags.set(d.candidateId, d.flags);
  }
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const entries = [];
  for (const [id, o] of outcomes) {
    if (!KEEPS.has(o.outcome)) continue;
    const c = candidates.get(id);
    const f = flags.get(id) ?? null;
    const decided = Date.parse(o.decidedAt);
    const until = new Date(decided);
    until.setUTCHours(0, 0, 0, 0);
    until.setUTCMonth(until.getUTCMonth() + 12); // the default retention: 12 months from the decision
    entries.push({ candidate: c, outcome: o, flags: f, decided, blocked: (f && f.doNotContact) || until.getTime() < todayMs });
  }
  return { candidates, requisitions, entries, todayMs };
}

function meanScore(o) {
  if (!o.scores.length) return -1;
  let s = 0;
  for (const x of o.scores) s += SCORE[x.score];
  return Math.round((s / o.scores.length) * 25);
}

export function passes(e, f) {
  if (e.blocked) return false;
  const o = e.outcome, fl = e.flags;
  if (f.minStage && STAGE[o.stage] < STAGE[f.minStage]) return false;
  if (f.openToContract !== undefined && !!(fl && fl.openToContract) !== f.openToContract) return false;
  if (f.futureRoles !== undefined) {
    const has = !!fl && (fl.futureRoles.families.length + fl.futureRoles.departments.length + fl.futureRoles.requisitions.length > 0);
    if (has !== f.futureRoles) return false;
  }
  if (f.reasons && !f.reasons.includes(o.reason.code)) return false;
  if (f.initiator && o.initiator !== f.initiator) return false;
  if (f.country && e.candidate.location.country !== f.country) return false;
  if (f.minScore) {
    const s = meanScore(o);
    if (s < 0 || s < SCORE[f.minScore] * 25) return false;
  }
  return true;
}

// The same factors as the core's ranking (core/src/ranking.cpp), computed from the objects.
export function score(e, req, reqSet, niceSet, todayMs) {
  let r = 0, n = 0;
  for (const s of e.candidate.skills) {
    if (reqSet.has(s)) r++;
    else if (niceSet.has(s)) n++;
  }
  const den = 2 * req.requiredSkills.length + req.niceSkills.length;
  const skills = den > 0 ? (2 * r + n) / den : 0.5;
  const o = e.outcome;
  const ms = meanScore(o);
  const days = Math.max(0, todayMs - e.decided) / DAY;
  const loc = req.location, cl = e.candidate.location;
  let location = 0;
  if (!loc.city && !loc.country) location = 1;
  else if (loc.city && fold(loc.city) === fold(cl.city) && (!loc.country || loc.country === cl.country)) location = 1;
  else if (loc.country && loc.country === cl.country) location = 0.6;
  const fl = e.flags;
  let employment = 1;
  if (req.employmentType === 'contract' || req.employmentType === 'temporary') employment = fl && fl.openToContract ? 1 : 0;
  else if (req.employmentType === 'part_time') employment = fl && fl.openToPartTime ? 1 : 0;
  return 35 * skills + 10 * (STAGE[o.stage] / 4) + 15 * (ms < 0 ? 0.5 : ms / 100) + 15 * FIT[o.futureFit] +
    5 * (NOT_ABOUT.has(o.reason.code) ? 1 : 0) + 10 * Math.exp(-days / 365) + 5 * location + 5 * employment;
}

export function rankPlain(model, q, limit) {
  const req = model.requisitions.get(q.requisitionId);
  const reqSet = new Set(req.requiredSkills), niceSet = new Set(req.niceSkills);
  const hits = [];
  for (const e of model.entries) {
    if (!passes(e, q.filters)) continue;
    hits.push({ e, score: score(e, req, reqSet, niceSet, model.todayMs) });
  }
  hits.sort((a, b) => b.score - a.score || b.e.decided - a.e.decided);
  return { total: hits.length, hits: hits.slice(0, limit) };
}

export function haystack(e) {
  const c = e.candidate, o = e.outcome;
  return fold([c.name, c.title, ...c.skills, ...c.tags, o.note, o.reason.note].join(' '));
}

export function queryTokens(text) {
  return fold(text).split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
}
