import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listAudit } from '../../manage/audit.js';
import {
  createProject,
  deleteProject,
  getProjectRow,
  listProjects,
  projectView,
  updateProject,
} from '../../manage/projects.js';
import type { AppDeps } from '../deps.js';
import { accessOf, actorOf, visibleOf } from '../plugins/api-auth.js';
import { AuditEntry, Before, errorResponses, Limit, Name, Nullable, Project } from '../schemas.js';

const ProjectParams = Type.Object({ projectId: Type.String() });
const AuditList = Type.Object({ audit: Type.Array(AuditEntry), nextCursor: Nullable(Type.String()) });

export const projectRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const db = deps.database.db;
  app.post(
    '/projects',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['projects'],
        summary: 'Create a project',
        body: Type.Object({
          name: Name,
          timeZone: Type.Optional(Type.String({ description: 'IANA time zone, default UTC' })),
        }),
        response: { 201: Project, ...errorResponses },
      },
    },
    async (request, reply) => {
      const project = await createProject(db, {
        name: request.body.name,
        timeZone: request.body.timeZone,
        actor: actorOf(request),
        now: deps.now(),
      });
      return reply.status(201).send(project);
    },
  );
  app.get(
    '/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'List projects',
        response: { 200: Type.Object({ projects: Type.Array(Project) }) },
      },
    },
    async (request) => ({ projects: visibleOf(accessOf(request), await listProjects(db)) }),
  );
  app.get(
    '/projects/:projectId',
    {
      schema: {
        tags: ['projects'],
        summary: 'One project',
        params: ProjectParams,
        response: { 200: Project, ...errorResponses },
      },
    },
    async (request) => projectView(await getProjectRow(db, request.params.projectId)),
  );
  app.patch(
    '/projects/:projectId',
    {
      schema: {
        tags: ['projects'],
        summary: 'Rename a project or change its time zone',
        params: ProjectParams,
        body: Type.Object({ name: Type.Optional(Name), timeZone: Type.Optional(Type.String()) }),
        response: { 200: Project, ...errorResponses },
      },
    },
    async (request) =>
      updateProject(db, {
        id: request.params.projectId,
        name: request.body.name,
        timeZone: request.body.timeZone,
        actor: actorOf(request),
        now: deps.now(),
      }),
  );
  app.delete(
    '/projects/:projectId',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['projects'],
        summary: 'Delete a project: revokes its webhooks and deletes all its data',
        params: ProjectParams,
      },
    },
    async (request, reply) => {
      await deleteProject(db, { id: request.params.projectId, actor: actorOf(request), now: deps.now() });
      return reply.status(204).send();
    },
  );
  app.get(
    '/projects/:projectId/audit',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['audit'],
        summary: "A project's audit log, newest first",
        params: ProjectParams,
        querystring: Type.Object({ limit: Limit, before: Before }),
        response: { 200: AuditList, ...errorResponses },
      },
    },
    async (request) => {
      await getProjectRow(db, request.params.projectId);
      return listAudit(db, {
        projectId: request.params.projectId,
        limit: request.query.limit ?? 50,
        ...(request.query.before === undefined ? {} : { before: request.query.before }),
      });
    },
  );
  app.get(
    '/audit',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Every management action, newest first',
        querystring: Type.Object({ limit: Limit, before: Before }),
        response: { 200: AuditList },
      },
    },
    async (request) =>
      listAudit(db, {
        limit: request.query.limit ?? 50,
        ...(request.query.before === undefined ? {} : { before: request.query.before }),
      }),
  );
};
