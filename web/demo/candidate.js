// The mock ATS's candidate page: the person's profile from the ATS, and the widget opened on their
// runner-up record (the `candidate` attribute). ?id=<candidate id>.
import { el } from './dom.js';

const widget = document.querySelector('runnerup-pool');

async function main() {
  const fixture = await (await fetch('./fixture.json')).json();
  const id = new URLSearchParams(location.search).get('id') || fixture.candidates[0].id;
  const person = fixture.candidates.find((c) => c.id === id);
  if (!person) {
    document.getElementById('name').textContent = 'No such candidate';
    widget.remove();
    return;
  }
  document.title = `${person.name} · Acme Talent`;
  document.getElementById('name').textContent = person.name;
  document.getElementById('crumb').textContent = person.name;
  const place = [person.location.city, person.location.country].filter(Boolean).join(', ');
  document.getElementById('meta').textContent = [person.title, place].filter(Boolean).join(' · ');

  const profile = document.getElementById('profile');
  for (const [term, value] of [
    ['E-mail', person.emails.join(', ')],
    ['Phone', person.phones.join(', ') || '—'],
    ['Skills', person.skills.join(', ')],
    ['Seniority', person.seniority || '—'],
    ['Source', person.source || '—'],
  ]) {
    profile.append(el('dt', term), el('dd', value));
  }

  const applications = document.getElementById('applications');
  for (const [requisitionId, steps] of Object.entries(fixture.pipelines)) {
    const step = steps.find((s) => s.candidateId === id);
    if (!step) continue;
    const requisition = fixture.requisitions.find((r) => r.id === requisitionId);
    const hired = requisition.hiredCandidateId === id;
    const item = el('li');
    const link = el('a', requisition.title, 'who');
    link.href = './';
    item.append(link, el('span', requisitionId.toUpperCase(), 'title'), el('span', hired ? 'Hired' : step.stage, hired ? 'tag hired' : 'tag'));
    applications.append(item);
    document.getElementById('stage').textContent = hired ? 'Hired' : step.stage;
  }

  widget.requisitions = fixture.requisitions;
  widget.candidates = fixture.candidates;
  widget.setAttribute('candidate', id); // the widget opens on this person's card
}

main().catch((error) => {
  document.getElementById('meta').textContent = `The page could not load its data: ${error.message}`;
});
