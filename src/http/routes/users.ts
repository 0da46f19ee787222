import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../errors.js';
import { recordAudit } from '../../manage/audit.js';
import { deleteUserSessions } from '../../manage/sessions.js';
import { findUser, listUsers } from '../../manage/users.js';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/api-auth.js';
import { User } from '../schemas.js';

/** People who signed in with OpenID Connect, and ending their sessions: admin business. */
export const userRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const db = deps.database.db;
  app.get(
    '/users',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'People who signed in with OpenID Connect, last sign-in first',
        response: { 200: Type.Object({ users: Type.Array(User) }) },
      },
    },
    async () => ({ users: await listUsers(db) }),
  );
  app.delete(
    '/users/:userId/sessions',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'End every session of a person (they keep their account and may sign in again)',
        params: Type.Object({ userId: Type.String() }),
      },
    },
    async (request, reply) => {
      const user = await findUser(db, request.params.userId);
      if (user === null) throw notFound(`User ${request.params.userId} does not exist.`);
      const now = deps.now();
      await deleteUserSessions(db, user.id);
      await recordAudit(
        db,
        {
          actor: actorOf(request),
          action: 'user.sessions_ended',
          targetType: 'user',
          targetId: user.id,
          projectId: null,
        },
        now,
      );
      return reply.status(204).send();
    },
  );
};
