// The host script of the isolation pages: seeds a pool (name from the page's data-pool) with the
// same runner-ups at a pinned clock, then adds the widget with a pinned date, so the plain and the
// hostile page show the same content.
import { openPool } from './runnerup.js';

const name = document.documentElement.dataset.pool;
const at = () => new Date('2026-11-20T10:00:00Z');
const pool = await openPool({ name, actor: 'host-seed', now: at, sync: false });
if (pool.list().total === 0) {
  await pool.record({ type: 'saveRequisition', requisition: { id: 'req-1', title: 'Senior Backend Engineer', status: 'filled', requiredSkills: ['go'] } });
  const people = [
    ['c-1', 'José Müller-García', 'stronger_candidate'],
    ['c-2', 'محمد علي', 'internal_candidate'],
    ['c-3', 'Chen Wei 陈伟', 'compensation'],
  ];
  for (const [id, personName] of people) await pool.record({ type: 'saveCandidate', candidate: { id, name: personName, title: 'Engineer', skills: ['go'] } });
  let rank = 1;
  for (const [id, , code] of people) {
    await pool.record({
      type: 'recordOutcome',
      outcome: { candidateId: id, requisitionId: 'req-1', stage: 'final', outcome: 'runner_up', rank: rank++, reason: { code, note: '' }, futureFit: 'strong', note: 'Close call.', decidedAt: '2026-11-18T10:00:00Z' },
    });
  }
}
pool.dispose();

for (const slot of document.querySelectorAll('[data-widget-slot]')) {
  const widget = document.createElement('runnerup-pool');
  widget.setAttribute('pool', slot.dataset.widgetSlot);
  widget.setAttribute('actor', 'recruiter-1');
  widget.setAttribute('locale', 'en-US');
  widget.today = '2026-11-22';
  slot.replaceWith(widget);
}
window.hostReady = true;
