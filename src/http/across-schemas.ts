import { Type } from '@sinclair/typebox';
import { MetricFigures, Time } from './schemas.js';

/** Schemas of CONTRACT.md version 2, "Across projects" (kept apart: schemas.ts stays under 300 lines). */

export const Team = Type.Object({
  id: Type.String(),
  name: Type.String(),
  projectIds: Type.Array(Type.String(), { description: 'in the order listed; a deleted project leaves the list' }),
  timeZone: Type.String({ description: "IANA name; default: the first listed project's" }),
  createdAt: Time,
});

export const Overview = Type.Object({
  projects: Type.Array(
    Type.Object({
      projectId: Type.String(),
      name: Type.String(),
      from: Time,
      to: Time,
      ...MetricFigures,
    }),
  ),
});

export const TeamMetrics = Type.Object({
  from: Time,
  to: Time,
  ...MetricFigures,
  projects: Type.Array(Type.Object({ projectId: Type.String(), ...MetricFigures }), {
    description: "each project's own figures, in the team's window and time zone",
  }),
});
