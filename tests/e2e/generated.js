// A generated pool log for the end-to-end tests that need many runner-ups (the Search tab at
// 3,000 and 100,000, a large import seen from a second tab).

/**
 * A pool log: N runner-ups over 10 requisitions, names from several scripts. Self-contained: it
 * runs in the page (a 100k log is too large to hand over as an argument).
 */
export function generatedLog(N) {
  const first = ['José', 'Ana', 'Chen', 'محمد', 'Priya', 'Zoë', 'Łukasz', 'Søren', 'Nguyễn', 'Olusegun', 'Yuki', 'Aiyana'];
  const last = ['Müller', 'Núñez', 'Wei', 'علي', 'Raman', 'Okafor', 'Wiśniewski', 'Kierkegaard', 'Thị Hà', 'Adeyemi', 'Tanaka', 'Begay'];
  const skills = ['go', 'rust', 'kubernetes', 'postgresql', 'react', 'typescript', 'python', 'terraform', 'kafka', 'swift'];
  const reasons = ['stronger_candidate', 'internal_candidate', 'skills_gap', 'compensation', 'role_on_hold'];
  const events = [];
  let clock = 0;
  const at = '2026-10-01T09:00:00Z';
  const push = (type, data) => events.push({ id: `gen.${clock}`, actor: 'generator', at, clock: ++clock, type, data });
  for (let q = 0; q < 10; q++) {
    push('requisition.saved', {
      requisition: { id: `req-gen-${q}`, title: `Generated role ${q}`, department: '', location: { city: '', region: '', country: '' }, level: '', employmentType: 'full_time', requiredSkills: [skills[q], skills[(q + 1) % 10]], niceSkills: [skills[(q + 2) % 10]], status: 'filled', hiredCandidateId: '' },
    });
  }
  for (let i = 0; i < N; i++) {
    const id = `gen-${String(i).padStart(5, '0')}`;
    const name = `${first[i % 12]} ${last[(i * 7) % 12]} ${i}`;
    push('candidate.saved', {
      candidate: { id, name, emails: [], phones: [], links: [], location: { city: '', region: '', country: '' }, title: `Engineer ${i % 40}`, skills: [skills[i % 10], skills[(i * 3) % 10]], seniority: '', source: '', tags: [] },
    });
    push('outcome.recorded', {
      outcome: { candidateId: id, requisitionId: `req-gen-${i % 10}`, stage: 'final', outcome: 'runner_up', rank: Math.floor(i / 10) + 1, reason: { code: reasons[i % 5], note: '' }, initiator: i % 5 === 1 || i % 5 === 4 ? 'circumstances' : 'we_decided', futureFit: 'strong', scores: [], skillGaps: [], note: `Generated note ${i}`, decidedAt: at, decidedBy: 'generator' },
    });
  }
  return JSON.stringify({ format: 'runnerup.log', version: 1, events });
}
