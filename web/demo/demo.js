// The mock ATS page: feeds <runnerup-pool> the host's candidates and requisitions and logs
// what the widget reports back. Kept out of index.html so the page runs under a strict CSP.
import { el } from './dom.js';
import { loadSampleHistory } from './sample.js';

// (connect.js gave the widget its host adapter: under `npm start` the pool's events are kept on
// the team's sync server too, and other recruiters' arrive from it.)
const widget = document.querySelector('runnerup-pool');
const activity = document.getElementById('activity');

function logActivity(text, kind = 'info') {
  const item = document.createElement('li');
  item.className = kind;
  const time = document.createElement('time');
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString();
  item.append(time, ' ', text);
  activity.prepend(item);
}

async function main() {
  const response = await fetch('./fixture.json');
  if (!response.ok) throw new Error(`fixture.json: HTTP ${response.status}`);
  const fixture = await response.json();
  const byId = new Map(fixture.candidates.map((c) => [c.id, c]));
  const requisition = fixture.requisitions.find((r) => r.id === widget.getAttribute('requisition'));

  const finalists = document.getElementById('finalists');
  for (const step of fixture.pipelines[requisition.id] ?? []) {
    const candidate = byId.get(step.candidateId);
    const item = el('li');
    item.dataset.candidate = candidate.id;
    const link = el('a', candidate.name, 'who');
    link.href = `candidate.html?id=${encodeURIComponent(candidate.id)}`;
    item.append(link, el('span', candidate.title, 'title'));
    const hired = requisition.hiredCandidateId === candidate.id;
    const tag = el('span', hired ? 'Hired' : step.stage, hired ? 'tag hired' : 'tag');
    tag.dataset.stage = step.stage;
    item.append(tag);
    finalists.append(item);
  }

  const details = document.getElementById('details');
  const hired = byId.get(requisition.hiredCandidateId);
  for (const [term, value] of [
    ['Department', requisition.department],
    ['Location', [requisition.location.city, requisition.location.country].filter(Boolean).join(', ')],
    ['Level', requisition.level],
    ['Employment', requisition.employmentType.replace('_', '-')],
    ['Required skills', requisition.requiredSkills.join(', ')],
    ['Hired', hired ? hired.name : '—'],
  ]) {
    const dd = el('dd', value);
    if (term === 'Hired') dd.id = 'req-hired';
    details.append(el('dt', term), dd);
  }

  const rows = document.getElementById('candidate-rows');
  for (const c of fixture.candidates) {
    const tr = el('tr');
    const name = el('td');
    const link = el('a', c.name);
    link.href = `candidate.html?id=${encodeURIComponent(c.id)}`;
    name.append(link);
    tr.append(
      name,
      el('td', c.title),
      el('td', [c.location.city, c.location.country].filter(Boolean).join(', ')),
      el('td', c.source),
    );
    rows.append(tr);
  }

  // Properties, not attributes: the widget saves each record into its pool.
  widget.requisitions = fixture.requisitions;
  widget.candidates = fixture.candidates;
  return fixture;
}

widget.addEventListener('runnerup-change', (event) => {
  const types = event.detail.events.map((e) => e.type).join(', ');
  logActivity(`runnerup-change: ${event.detail.events.length} event(s) (${types}) to store on the team's server`);
});
widget.addEventListener('runnerup-sync', (event) => {
  const { received, sent, error } = event.detail;
  if (error) logActivity(`runnerup-sync: the team's server is unreachable (${error.code}); the widget keeps working and retries`, 'error');
  else if (received || sent) logActivity(`runnerup-sync: ${received} event(s) from other recruiters, ${sent} sent to the team's server`);
});
// The widget's write-back (README.md, "Events"): after a close-out, a back-out, a reopening or
// the undo of one, the ATS stores the statuses it carries; this page shows them at once.
const REQUISITION_STATUS = { open: 'Open', filled: 'Filled', reopened: 'Reopened', on_hold: 'On hold', cancelled: 'Cancelled' };
const CANDIDATE_STATUS = {
  hired: 'Hired', runner_up: 'Runner-up', not_selected: 'Not selected', not_a_fit: 'Not a fit',
  withdrew: 'Withdrew', offer_declined: 'Offer declined', backed_out: 'Backed out',
};
widget.addEventListener('runnerup-writeback', async (event) => {
  const { requisition, candidates, undone } = event.detail;
  const fixture = await loaded;
  const names = new Map(fixture.candidates.map((c) => [c.id, c.name]));
  logActivity(`runnerup-writeback${undone ? ' (undone)' : ''}: ${requisition.id} is ${requisition.status}; ` +
    candidates.map((c) => `${names.get(c.id) ?? c.id}: ${c.status}`).join(', '));
  if (requisition.id !== widget.getAttribute('requisition')) return;
  const pill = document.getElementById('req-status');
  pill.textContent = REQUISITION_STATUS[requisition.status] ?? requisition.status;
  pill.className = `status-pill ${requisition.status}`;
  document.getElementById('req-hired').textContent = names.get(requisition.hiredCandidateId) ?? '—';
  for (const c of candidates) {
    const tag = document.querySelector(`#finalists li[data-candidate="${CSS.escape(c.id)}"] .tag`);
    if (!tag) continue;
    tag.textContent = c.status === 'undecided' ? tag.dataset.stage : `${CANDIDATE_STATUS[c.status] ?? c.status}${c.rank ? ` #${c.rank}` : ''}`;
    tag.className = c.status === 'hired' ? 'tag hired' : 'tag';
  }
});
widget.addEventListener('runnerup-error', (event) => {
  logActivity(`runnerup-error: ${event.detail.code}: ${event.detail.message}`, 'error');
});

document.getElementById('load-sample').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  try {
    const fixture = await loaded; // the sample refers to the ATS's candidates and requisitions
    const n = await loadSampleHistory(widget, fixture);
    logActivity(n ? `Loaded the sample history: ${n} event(s).` : 'The pool already has runner-ups: the sample history was not loaded.');
  } catch (error) {
    logActivity(`The sample history could not be loaded: ${error.message}`, 'error');
  } finally {
    button.disabled = false;
  }
});

const loaded = main();
loaded.catch((error) => {
  logActivity(`The demo could not load its data: ${error.message}`, 'error');
});
