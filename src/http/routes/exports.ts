import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { exportCommitsCsv } from '../../reports/csv-commits.js';
import { exportDeploymentsCsv } from '../../reports/csv-deployments.js';
import type { CsvExport } from '../../reports/csv-export.js';
import type { AppDeps } from '../deps.js';
import { errorResponses } from '../schemas.js';

const ProjectParams = Type.Object({ projectId: Type.String() });
const TimeQuery = Type.String({
  description: 'RFC 3339 with Z or an offset, or YYYY-MM-DD (first instant of that day in the project time zone)',
});
const WindowQuery = Type.Object({ from: Type.Optional(TimeQuery), to: Type.Optional(TimeQuery) });
const csvAnswer = (description: string) => ({
  200: { description, content: { 'text/csv': { schema: Type.String() } } },
  ...errorResponses,
});

/**
 * The answer is written as the rows are read; errors found before the first row (404, 400) are JSON as usual. The
 * CSV writer (csv-stringify) is loaded at the first export, not at start.
 */
async function sendCsv<Row extends object>(reply: FastifyReply, exported: CsvExport<Row>): Promise<FastifyReply> {
  const { csvStream } = await import('../../reports/csv-stream.js');
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${exported.filename}"`);
  return reply.send(
    csvStream(exported, (error) => reply.log.error({ err: error }, 'a CSV export was cut short by an error')),
  );
}

/** The CSV exports of CONTRACT.md version 2, "Across projects": streamed, in pages (src/reports/csv-*.ts). */
export const exportRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const db = deps.database.db;
  app.get(
    '/projects/:projectId/deployments.csv',
    {
      schema: {
        tags: ['deployments'],
        summary: 'The deployments of a window as CSV (RFC 4180, a header row), the JSON list’s fields as columns',
        params: ProjectParams,
        querystring: WindowQuery,
        response: csvAnswer('A row per deployment, newest first'),
      },
    },
    async (request, reply) => sendCsv(reply, await exportDeploymentsCsv(db, request.params.projectId, request.query)),
  );
  app.get(
    '/projects/:projectId/commits.csv',
    {
      schema: {
        tags: ['deployments'],
        summary: 'The commits brought by the deployments of a window as CSV (RFC 4180, a header row)',
        params: ProjectParams,
        querystring: WindowQuery,
        response: csvAnswer('A row per brought commit: deployments newest first, each one’s commits oldest first'),
      },
    },
    async (request, reply) => sendCsv(reply, await exportCommitsCsv(db, request.params.projectId, request.query)),
  );
};
