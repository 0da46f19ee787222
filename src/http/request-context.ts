import type { Credential } from '../manage/tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the api plugin's authentication hook. */
    credential: Credential | null;
  }
}

export type { Credential };
