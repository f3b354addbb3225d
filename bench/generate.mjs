// The seeded pool generator every contender of the benchmark reads: one runnerup log document
// (tests/data/log-v1.json's format) and one query file per size, deterministic by seed.
//
//   node bench/generate.mjs --size 100k [--seed 42] [--out bench/data]
//     -> bench/data/pool-100k.json      {"format":"runnerup.log","version":1,"events":[
//                                       one event per line, in clock order
//                                       ]}
//        bench/data/queries-100k.json   the rank and search queries every contender runs
//
// The pool: requisitions (2-5 required and 1-4 nice-to-have skills, places, employment types),
// then per runner-up a candidate.saved (a name from one of nine scripts, 3-12 skills drawn
// Zipf-like from a vocabulary of 2,000), an outcome.recorded (stage, reason from the taxonomy,
// initiator, future fit, 0-4 interview scores, a note of 200-800 characters, decided within the
// last three years) and for about a third a flags.set. Written streaming (4 MiB writes), so the
// 1M pool (about 1.4 GB) never exists as one string.
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const SIZES = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };
export const TODAY = '2026-11-22';
export const DEFAULT_SEED = 42;

// ---- a small seeded PRNG ----------------------------------------------------------------------

export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive
  const pick = (arr) => arr[Math.floor(next() * arr.length)];
  return { next, int, pick };
}

// ---- vocabularies -----------------------------------------------------------------------------

const NAMES = {
  latin: {
    first: ['José', 'María', 'Zoë', 'François', 'Łukasz', 'Søren', 'Björk', 'Renée', 'Ólafur', 'Ağnes', 'Jürgen', 'Chloé',
      'Mateo', 'Inês', 'Tomáš', 'Žofia', 'Ana', 'Oğuz', 'Dvořák', 'Noémie', 'Håkon', 'Étienne', 'Lucía', 'Ciarán',
      'Anna', 'James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Sophie', 'Lars', 'Marta', 'Paweł'],
    last: ['Müller', 'García', 'Núñez', 'Šimonović', 'Kowalczyk', 'Ødegaard', 'Lefèvre', 'Çelik', 'Gonçalves', 'Schäfer',
      'Fernández', 'Dvořáková', 'Jönsson', 'Brontë', 'Smith', 'Nguyễn', 'Walsh', 'Østergård', 'Mäkinen', 'Łopez',
      'Johnson', 'Rossi', 'Dubois', 'Novák', 'Weiß', 'Peña', 'Ramírez', 'Ó Briain'],
  },
  chinese: { first: ['伟', '娜', '敏', '洋', '静', '磊', '军', '芳', '杰', '丽', '强', '婷'],
    last: ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'], joined: true },
  arabic: { first: ['محمد', 'أحمد', 'فاطمة', 'علي', 'حسن', 'مريم', 'يوسف', 'ليلى', 'عمر', 'نور'],
    last: ['العلي', 'حداد', 'الخطيب', 'منصور', 'الحسيني', 'سليمان', 'عباس', 'النجار'] },
  devanagari: { first: ['अमित', 'प्रिया', 'राहुल', 'सुनीता', 'विकास', 'अनीता', 'संजय', 'पूजा', 'अर्जुन', 'नेहा'],
    last: ['शर्मा', 'पटेल', 'वर्मा', 'गुप्ता', 'सिंह', 'कुमार', 'जोशी', 'मेहता'] },
  cyrillic: { first: ['Иван', 'Ольга', 'Дмитрий', 'Анна', 'Сергей', 'Мария', 'Алексей', 'Ёлка', 'Наталья', 'Павел'],
    last: ['Смирнов', 'Петрова', 'Иванов', 'Кузнецова', 'Соколов', 'Попова', 'Лебедев', 'Шевченко'] },
  korean: { first: ['민준', '서연', '지훈', '하은', '도윤', '수아'], last: ['김', '이', '박', '최', '정'], joined: true },
  japanese: { first: ['さくら', 'ひろし', 'ゆい', 'たけし', 'アキラ', 'ハルカ'], last: ['佐藤', '鈴木', '高橋', '田中', '渡辺'] },
  greek: { first: ['Γιώργος', 'Μαρία', 'Νίκος', 'Ελένη', 'Δημήτρης'], last: ['Παπαδόπουλος', 'Οικονόμου', 'Γεωργίου', 'Νικολάου'] },
  vietnamese: { first: ['Thảo', 'Minh', 'Hương', 'Đức', 'Lê'], last: ['Trần', 'Phạm', 'Hoàng', 'Võ', 'Đặng'] },
};
// How often each script appears (Latin dominates, as in most pools, but every script is common).
const SCRIPT_WEIGHTS = [['latin', 50], ['chinese', 10], ['arabic', 8], ['devanagari', 8], ['cyrillic', 8], ['korean', 4],
  ['japanese', 4], ['greek', 4], ['vietnamese', 4]];

const PLACES = [
  ['GB', 'London'], ['GB', 'Leeds'], ['DE', 'München'], ['DE', 'Berlin'], ['FR', 'Paris'], ['ES', 'Málaga'], ['PL', 'Kraków'],
  ['CH', 'Zürich'], ['BR', 'São Paulo'], ['US', 'New York'], ['US', 'Austin'], ['IN', 'Bengaluru'], ['CN', '北京'],
  ['RU', 'Москва'], ['AE', 'Dubai'], ['JP', '東京'], ['SE', 'Malmö'], ['NL', 'Amsterdam'], ['CA', 'Montréal'], ['', ''],
];

const SKILL_BASE = ['python', 'java', 'go', 'rust', 'typescript', 'javascript', 'kotlin', 'swift', 'c++', 'c#', 'scala', 'ruby',
  'php', 'elixir', 'haskell', 'sql', 'postgresql', 'mysql', 'mongodb', 'redis', 'kafka', 'spark', 'hadoop', 'airflow',
  'dbt', 'snowflake', 'bigquery', 'kubernetes', 'docker', 'terraform', 'ansible', 'aws', 'gcp', 'azure', 'linux',
  'react', 'vue', 'angular', 'svelte', 'django', 'flask', 'rails', 'spring', 'node.js', 'graphql', 'grpc', 'figma',
  'pytorch', 'tensorflow', 'pandas', 'numpy', 'tableau', 'excel', 'salesforce', 'sap', 'jira', 'scrum', 'kanban',
  'webassembly', 'emscripten', 'opengl', 'vulkan', 'embedded c', 'fpga', 'verilog', 'matlab', 'r', 'stata', 'seo',
  'copywriting', 'negotiation', 'accounting', 'payroll', 'recruiting', 'sourcing', 'onboarding', 'ux research'];
const SKILL_AREA = ['data', 'cloud', 'mobile', 'frontend', 'backend', 'security', 'ml', 'platform', 'payments', 'search',
  'growth', 'billing', 'identity', 'observability', 'network', 'storage', 'compiler', 'game', 'audio', 'video',
  'robotics', 'supply chain', 'finance', 'marketing', 'sales', 'legal', 'people', 'design', 'support', 'hardware'];
const SKILL_CRAFT = ['engineering', 'architecture', 'testing', 'analytics', 'operations', 'modelling', 'strategy', 'design',
  'automation', 'governance', 'reliability', 'performance', 'migration', 'tooling', 'research', 'management',
  'compliance', 'integration', 'pipelines', 'visualisation', 'leadership', 'mentoring', 'planning', 'writing',
  'forecasting', 'optimisation', 'privacy', 'auditing', 'hiring', 'support', 'documentation', 'localisation',
  'accessibility', 'procurement', 'pricing', 'incident response', 'capacity planning', 'benchmarking', 'scaling',
  'monitoring', 'debugging', 'profiling', 'review', 'evaluation', 'deployment', 'onboarding', 'roadmapping',
  'experimentation', 'prototyping', 'training', 'coaching', 'budgeting', 'vendor management', 'quality',
  'standards', 'protocols', 'apis', 'sdk design', 'reporting', 'dashboards', 'labelling', 'annotation', 'ethics',
  'consulting'];

export function skillVocabulary() {
  const out = [...SKILL_BASE];
  const seen = new Set(out);
  for (const area of SKILL_AREA) for (const craft of SKILL_CRAFT) {
    const s = `${area} ${craft}`;
    if (!seen.has(s)) seen.add(s), out.push(s);
    if (out.length >= 2000) return out;
  }
  return out;
}

const WORDS = ('strong communicator led the migration of a legacy monolith to services owned the on-call rotation ' +
  'mentored two junior engineers shipped the billing rewrite ahead of schedule interviewed well on system design ' +
  'needs more depth in distributed systems great culture add asked sharp questions about the roadmap salary ' +
  'expectations above band relocation would take three months prefers hybrid work happy to be contacted for ' +
  'future roles references were excellent portfolio shows careful accessibility work the panel was split on ' +
  'seniority a close second for the role would be a great fit for the platform team when headcount opens ' +
  'follow up after the reorg spoke at a conference about observability contributed to open source compilers ' +
  'built data pipelines at scale led a team of five through a rewrite').split(' ');
const TITLES = ['Backend engineer', 'Senior frontend engineer', 'Data scientist', 'Staff engineer', 'Product designer',
  'Engineering manager', 'Site reliability engineer', 'Account executive', 'Recruiter', 'Financial analyst',
  'Machine learning engineer', 'Security engineer', 'Mobile developer', 'Technical writer', 'Product manager'];
const DEPARTMENTS = ['Platform', 'Data', 'Growth', 'Payments', 'Sales', 'People', 'Finance', 'Design', 'Security', 'Mobile'];
const REASONS = [['stronger_candidate', 30], ['internal_candidate', 8], ['skills_gap', 10], ['too_junior', 6], ['too_senior', 3],
  ['team_fit', 4], ['location', 4], ['work_authorisation', 2], ['compensation', 6], ['interview_result', 5],
  ['assessment_result', 3], ['role_scope_changed', 4], ['role_on_hold', 4], ['role_cancelled', 2], ['timing', 3], ['other', 6]];
const WITHDREW_REASONS = [['accepted_other_offer', 5], ['not_interested', 2], ['unresponsive', 1], ['timing', 2]];
const STAGES = [['interview', 25], ['final', 55], ['offer', 15], ['screen', 5]];
const SCORES = ['strong_no', 'no', 'mixed', 'yes', 'strong_yes'];
const FITS = [['strong', 35], ['qualified', 40], ['unknown', 20], ['not_a_fit', 5]];
const EMPLOYMENT = [['full_time', 70], ['contract', 15], ['part_time', 10], ['temporary', 5]];
const ACTORS = ['alice', 'bob', 'chen', 'dana', 'emeka'];

function weighted(r, table) {
  let total = 0;
  for (const [, w] of table) total += w;
  let x = r.next() * total;
  for (const [v, w] of table) if ((x -= w) < 0) return v;
  return table[table.length - 1][0];
}

// Zipf-like: index i drawn with weight 1/(i+10).
function zipfPicker(r, n) {
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) cdf[i] = acc += 1 / (i + 10);
  return () => {
    const x = r.next() * acc;
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  };
}

function personName(r) {
  const script = weighted(r, SCRIPT_WEIGHTS);
  const n = NAMES[script];
  if (n.joined) return r.pick(n.last) + r.pick(n.first) + (r.next() < 0.5 ? r.pick(n.first) : '');
  if (script === 'latin' && r.next() < 0.2) return `${r.pick(n.first)} ${r.pick(n.last)}-${r.pick(n.last)}`;
  return `${r.pick(n.first)} ${r.pick(n.last)}`;
}

function note(r, skills, lo, hi) {
  const target = r.int(lo, hi);
  let s = '';
  while (s.length < target) {
    const w = r.next() < 0.08 ? r.pick(skills) : r.pick(WORDS);
    s += (s ? ' ' : '') + w;
  }
  return s.slice(0, target).trimEnd() + '.';
}

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const TODAY_MS = Date.parse(`${TODAY}T00:00:00Z`);
const DAY = 86_400_000;

// ---- the document -----------------------------------------------------------------------------

export function generate({ size, seed = DEFAULT_SEED, out = 'bench/data' }) {
  const n = SIZES[size] ?? Number(size);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`unknown size ${size}`);
  const r = rng(seed * 1_000_003 + n);
  const skills = skillVocabulary();
  const skillAt = zipfPicker(r, skills.length);
  mkdirSync(out, { recursive: true });
  const file = join(out, `pool-${size}.json`);
  const fd = openSync(`${file}.part`, 'w');
  let buf = '';
  let bytes = 0;
  const write = (s) => {
    buf += s;
    if (buf.length > 4 << 20) flush();
  };
  const flush = () => {
    bytes += writeSync(fd, buf);
    buf = '';
  };
  let clock = 0;
  let first = true;
  const event = (type, atMs, data) => {
    clock++;
    const e = { id: `g${seed}.${clock}`, actor: ACTORS[clock % ACTORS.length], at: iso(atMs), clock, type, data };
    write((first ? '' : ',\n') + JSON.stringify(e));
    first = false;
  };
  write('{"format":"runnerup.log","version":1,"events":[\n');

  const nReq = Math.max(40, Math.round(n / 25));
  const requisitions = [];
  const start = TODAY_MS - 3 * 365 * DAY;
  for (let i = 1; i <= nReq; i++) {
    const [country, city] = r.next() < 0.25 ? ['', ''] : r.pick(PLACES);
    const req = new Set(), nice = new Set();
    const nr = r.int(2, 5), nn = r.int(1, 4);
    while (req.size < nr) req.add(skills[skillAt()]);
    while (nice.size < nn) { const s = skills[skillAt()]; if (!req.has(s)) nice.add(s); }
    const q = {
      id: `r-${i}`, title: r.pick(TITLES), department: r.pick(DEPARTMENTS),
      location: { city, region: '', country }, level: r.pick(['', 'junior', 'mid', 'senior', 'staff']),
      employmentType: weighted(r, EMPLOYMENT), requiredSkills: [...req], niceSkills: [...nice],
      status: i % 10 === 0 ? 'open' : 'filled', hiredCandidateId: '',
    };
    requisitions.push({ ...q, nextRank: 1 });
    event('requisition.saved', start - DAY + i * 1000, { requisition: q });
  }

  for (let i = 1; i <= n; i++) {
    const id = `c-${i}`;
    const own = new Set();
    const k = r.int(3, 12);
    while (own.size < k) own.add(skills[skillAt()]);
    const ownSkills = [...own];
    const [country, city] = r.pick(PLACES);
    const decided = start + Math.floor(r.next() * 3 * 365) * DAY + r.int(8, 18) * 3_600_000;
    const name = personName(r);
    event('candidate.saved', decided - 3_600_000, {
      candidate: {
        id, name, emails: [`${id}@example.com`], phones: r.next() < 0.5 ? [`+44 20 7946 ${String(i % 10000).padStart(4, '0')}`] : [],
        links: r.next() < 0.3 ? [`https://example.com/in/${id}`] : [], location: { city, region: '', country },
        title: r.pick(TITLES), skills: ownSkills, seniority: r.pick(['', 'junior', 'mid', 'senior', 'staff']),
        source: r.pick(['referral', 'linkedin', 'careers page', 'agency', '']), tags: r.next() < 0.2 ? [r.pick(['silver medal', 'boomerang', 'relocating'])] : [],
      },
    });
    const q = requisitions[Math.floor(r.next() * nReq)];
    const kind = weighted(r, [['runner_up', 75], ['withdrew', 15], ['offer_declined', 10]]);
    const reason = kind === 'runner_up' ? weighted(r, REASONS) : kind === 'withdrew' ? weighted(r, WITHDREW_REASONS) : 'declined_offer';
    const scores = [];
    for (let s = r.int(0, 4); s > 0; s--) scores.push({ by: r.pick(['System design', 'Coding', 'Values', 'Hiring manager', 'Case study']), score: SCORES[r.int(1, 4)] });
    event('outcome.recorded', decided, {
      outcome: {
        candidateId: id, requisitionId: q.id, stage: kind === 'offer_declined' ? 'offer' : weighted(r, STAGES), outcome: kind,
        rank: kind === 'runner_up' ? q.nextRank++ : 0,
        reason: { code: reason, note: reason === 'other' ? note(r, ownSkills, 20, 80) : '' },
        initiator: kind === 'runner_up' ? (['internal_candidate', 'location', 'work_authorisation', 'compensation', 'role_scope_changed', 'role_on_hold', 'role_cancelled', 'timing'].includes(reason) ? 'circumstances' : 'we_decided') : 'candidate_withdrew',
        futureFit: weighted(r, FITS), scores, skillGaps: r.next() < 0.3 ? [skills[skillAt()]] : [],
        note: note(r, ownSkills, 200, 800), decidedAt: iso(decided), decidedBy: r.pick(ACTORS),
      },
    });
    if (r.next() < 0.35) {
      const dnc = r.next() < 0.08;
      const available = r.next() < 0.3 ? iso(TODAY_MS + r.int(-200, 200) * DAY).slice(0, 10) : null;
      event('flags.set', decided + 60_000, {
        candidateId: id,
        flags: {
          openToContract: r.next() < 0.5, openToPartTime: r.next() < 0.3, availableFrom: available,
          futureRoles: r.next() < 0.4 ? { families: [r.pick(TITLES)], departments: [], requisitions: [] } : { families: [], departments: [], requisitions: [] },
          doNotContact: dnc, doNotContactReason: dnc ? 'Asked not to be contacted' : '',
        },
      });
    }
  }
  write('\n]}\n');
  flush();
  closeSync(fd);
  renameSync(`${file}.part`, file);
  writeQueries({ size, seed, out, requisitions, skills });
  return { file, bytes, events: clock };
}

// The queries every contender runs. Rank: a requisition with a filter; search: words as a
// recruiter types them (prefixes, folded diacritics, several scripts, two-word queries).
function writeQueries({ size, seed, out, requisitions, skills }) {
  const r = rng(seed + 7);
  const filters = [
    {}, { minStage: 'final' }, { openToContract: true }, { reasons: ['stronger_candidate', 'internal_candidate', 'role_on_hold'] },
    { country: 'DE' }, { minScore: 'yes' }, { minStage: 'interview', futureRoles: true }, { initiator: 'circumstances' },
  ];
  const rank = [];
  for (let i = 0; i < 64; i++) rank.push({ requisitionId: r.pick(requisitions).id, filters: filters[i % filters.length] });
  const search = ['mul', 'muller', 'jose', 'garcia', 'nunez', 'zoe', 'lukasz', 'kube', 'python', 'postgres', 'data eng',
    'cloud arch', 'migration', 'observ', 'platform team', '王', '李娜', 'محمد', 'शर्मा', 'иван', 'смирн', 'ελενη', 'tran',
    'sao', 'relocation', 'sys des', 'ødegaard', 'ODEGAARD', 'schafer', 'dvorak'].map((text) => ({ text }));
  const doc = { today: TODAY, size, seed, limit: 50, rank, search, skills: skills.length };
  const fd = openSync(join(out, `queries-${size}.json`), 'w');
  writeSync(fd, JSON.stringify(doc, null, 1));
  closeSync(fd);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const get = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
  const t0 = performance.now();
  const res = generate({ size: get('--size', '10k'), seed: Number(get('--seed', DEFAULT_SEED)), out: get('--out', 'bench/data') });
  console.log(`${res.file}: ${res.events} events, ${(res.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
