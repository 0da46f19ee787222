import type { BroughtPullRequest } from '../../api/types';
import { deploymentHref } from '../../lib/figure-scope';
import { formatDateTime, formatDuration } from '../../lib/format';
import { Link } from '../../lib/router';
import { ScrollRegion } from '../ScrollRegion';

interface Props {
  projectId: string;
  timeZone: string;
  pullRequests: BroughtPullRequest[];
  /** On a deployment's page the deployment column is left out. */
  showDeployment: boolean;
}

/** Merged pull requests with their stages: coding (first commit to opened), review (opened to merged), deploy. */
export function PullRequestsTable({ projectId, timeZone, pullRequests, showDeployment }: Props) {
  return (
    <ScrollRegion label="Pull requests and their stages">
      <table className="table table-stack drill-table">
        <thead>
          <tr>
            <th scope="col">Pull request</th>
            <th scope="col">Coding</th>
            <th scope="col">Review</th>
            <th scope="col">Deploy</th>
            {showDeployment ? <th scope="col">Deployed</th> : null}
          </tr>
        </thead>
        <tbody>
          {pullRequests.map((pr) => (
            <tr key={`${pr.repository}#${pr.number}-${pr.deploymentId}`} data-testid="pull-request-row">
              <td data-label="Pull request" className="break">
                <span>
                  {pr.url ? (
                    <a href={pr.url} target="_blank" rel="noreferrer noopener">
                      {pr.repository}#{pr.number}
                    </a>
                  ) : (
                    `${pr.repository}#${pr.number}`
                  )}{' '}
                  {pr.title}
                </span>
              </td>
              <td data-label="Coding">{formatDuration(pr.codingSeconds)}</td>
              <td data-label="Review">{formatDuration(pr.reviewSeconds)}</td>
              <td data-label="Deploy">{formatDuration(pr.deploySeconds)}</td>
              {showDeployment ? (
                <td data-label="Deployed">
                  <Link to={deploymentHref(projectId, pr.deploymentId)}>
                    <time dateTime={pr.deployedAt}>{formatDateTime(pr.deployedAt, timeZone)}</time>
                    <span className="visually-hidden"> (the deployment that brought #{pr.number})</span>
                  </Link>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
