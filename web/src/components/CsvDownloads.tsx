import { csvUrl } from '../api/client';
import type { Project } from '../api/types';
import { choiceFromSearch, resolveWindow } from '../lib/metric-window';
import { useLocation } from '../lib/router';

/**
 * Download links for the deployments and the commits of the window the address bar holds (`?days=` or
 * `?from&to`, as the dashboard reads it): plain links to the API's CSV routes, which the browser downloads with the
 * session cookie.
 */
export function CsvDownloads({ project }: { project: Project }) {
  const { search } = useLocation();
  const range = resolveWindow(choiceFromSearch(search), project.timeZone);
  const bounds = { from: range.from, to: range.to };
  const stem = `${project.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'project'}-${range.from}`;
  return (
    <section className="section csv-downloads" aria-labelledby="csv-title">
      <h2 id="csv-title">Download, {range.label}</h2>
      <p className="hint">
        CSV files (a header row, one row per deployment or per commit a deployment brought) for a spreadsheet or another
        tool.
      </p>
      <div className="actions">
        <a
          className="button button-small"
          href={csvUrl(project.id, 'deployments', bounds)}
          download={`${stem}-deployments.csv`}
          data-testid="csv-deployments"
        >
          Deployments (CSV)
        </a>
        <a
          className="button button-small"
          href={csvUrl(project.id, 'commits', bounds)}
          download={`${stem}-commits.csv`}
          data-testid="csv-commits"
        >
          Commits (CSV)
        </a>
      </div>
    </section>
  );
}
