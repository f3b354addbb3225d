// The pool view: one row per runner-up (name, requisition, stage reached, reason, initiator,
// future fit, rank, note). A pure template function; <runnerup-pool> owns the state.
import { css, html, nothing } from 'lit';

export const poolTableStyles = css`
  .scroll {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 0.55rem 0.75rem;
    border-bottom: 1px solid var(--_border);
  }
  th {
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_muted);
    white-space: nowrap;
  }
  tbody tr:last-child td {
    border-bottom: none;
  }
  tbody tr:hover {
    background: var(--_subtle);
  }
  .name {
    font-weight: 600;
  }
  .sub {
    display: block;
    color: var(--_muted);
    font-size: 0.9em;
    font-weight: 400;
  }
  .badge {
    display: inline-block;
    padding: 0.05rem 0.45rem;
    border-radius: 999px;
    font-size: 0.85em;
    white-space: nowrap;
    border: 1px solid var(--_border);
    background: var(--_subtle);
  }
  .badge.strong {
    color: #0b6b3a;
    background: #e9f7ef;
    border-color: #b7e2c8;
  }
  .badge.qualified {
    color: #174ea6;
    background: #ecf2fd;
    border-color: #c3d5f7;
  }
  .rank {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
`;

/**
 * @param {object} props
 * @param {object[]} props.entries pool entries ({candidate, outcome, requisition}), in the core's order
 * @param {object} props.taxonomy the core's taxonomy query result (for labels)
 * @param {string} props.emptyMessage what to say when there is no entry
 * @param {(n: number) => string} props.formatNumber
 * @param {string} props.labelledBy id of the element naming the table
 */
export function renderPoolTable({ entries, taxonomy, emptyMessage, formatNumber, labelledBy }) {
  if (entries.length === 0) return html`<p class="message">${emptyMessage}</p>`;
  const label = (list, code) => list.find((x) => x.code === code)?.label || code;
  return html`
    <div class="scroll">
      <table part="table" aria-labelledby=${labelledBy}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Requisition</th>
            <th scope="col">Stage reached</th>
            <th scope="col">Reason</th>
            <th scope="col">Initiator</th>
            <th scope="col">Future fit</th>
            <th scope="col">Rank</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          ${entries.map(({ candidate, outcome, requisition }) => {
            const reason = outcome.reasonLabel || label(taxonomy.reasons, outcome.reason?.code);
            const ranked = outcome.outcome === 'runner_up' && outcome.rank;
            return html`
              <tr part="row" data-candidate=${candidate.id}>
                <td class="name">${candidate.name}${candidate.title
                  ? html`<span class="sub">${candidate.title}</span>`
                  : nothing}</td>
                <td>${requisition?.title || outcome.requisitionId}</td>
                <td>${label(taxonomy.stages, outcome.stage)}</td>
                <td>${reason}${outcome.reason?.note ? html`<span class="sub">${outcome.reason.note}</span>` : nothing}</td>
                <td>${label(taxonomy.initiators, outcome.initiator)}</td>
                <td><span class="badge ${outcome.futureFit}">${label(taxonomy.futureFits, outcome.futureFit)}</span></td>
                <td class="rank">${ranked
                  ? html`${formatNumber(outcome.rank)}${outcome.rank === 1
                      ? html`<span class="sub">next in line</span>`
                      : nothing}`
                  : html`<span class="badge">${label(taxonomy.outcomes, outcome.outcome)}</span>`}</td>
                <td>${outcome.note}</td>
              </tr>
            `;
          })}
        </tbody>
      </table>
    </div>
  `;
}
