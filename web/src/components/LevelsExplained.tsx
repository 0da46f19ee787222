/**
 * How the server's levels are decided, next to the figures (docs/METRICS.md, "Levels"): the cut-offs, why two
 * windows can disagree for nearly the same figure, and why a long window dilutes deployment frequency. The server
 * decides every level (src/metrics/levels.ts); this only words its table for a reader.
 */
export function LevelsExplained() {
  return (
    <details className="levels-explained" data-testid="levels-explained">
      <summary>How the levels are decided</summary>
      <p>
        Levels follow the 2023 DORA benchmarks. They describe clusters of teams rather than targets: read them with the
        raw figure and the number of deployments or commits beside them. The first row that holds wins.
      </p>
      <div className="levels-table-wrap">
        <table className="table levels-table">
          <caption className="visually-hidden">The cut-offs of each level</caption>
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col">Deployment frequency</th>
              <th scope="col">Lead time</th>
              <th scope="col">Change failure rate</th>
              <th scope="col">Recovery time</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Elite</th>
              <td>a deployment on 5 or more days a week</td>
              <td>under 1 day</td>
              <td>5 % or less</td>
              <td>under 1 hour</td>
            </tr>
            <tr>
              <th scope="row">High</th>
              <td>on at least 1 day a week</td>
              <td>under 7 days</td>
              <td>10 % or less</td>
              <td>under 1 day</td>
            </tr>
            <tr>
              <th scope="row">Medium</th>
              <td>on at least 1 day in 30</td>
              <td>under 30 days</td>
              <td>15 % or less</td>
              <td>under 7 days</td>
            </tr>
            <tr>
              <th scope="row">Low</th>
              <td>less often</td>
              <td>longer</td>
              <td>more</td>
              <td>longer</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        <strong>Why a 30- and a 90-day window can differ.</strong> A level is a cut-off, so a figure just either side of
        it changes level: a change failure rate of 10 % over 30 days is high, 10.5 % over 90 days is medium. Each window
        also counts only the deployments that finished in it, and recovery time only the streaks that started in it.
        Deployment frequency goes by whole weeks: a window of 7k + r days is judged on its k whole weeks, and a window
        under 7 days has no level.
      </p>
      <p>
        <strong>Why 365 days dilutes deployment frequency.</strong> The window counts every day in it, days before the
        project's first deployment included: a team that started sending deployments two months ago is judged on 2
        months of deployments spread over 52 weeks. Choose a window that starts after the first deployment to judge
        today's pace.
      </p>
      <p>Time to restore service and rework rate have no level: DORA publishes none for them.</p>
    </details>
  );
}
