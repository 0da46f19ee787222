import type { Kysely } from 'kysely';
import type { Database, TeamsTable } from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { type Access, canSeeProject } from './access.js';
import { type Actor, recordAudit } from './audit.js';
import { validateName, validateTimeZone } from './validate.js';

/** A team as the API answers it (CONTRACT.md version 2, "Across projects"). */
export interface TeamView {
  id: string;
  name: string;
  /** In the order they were listed: the first one's time zone is the default. */
  projectIds: string[];
  timeZone: string;
  createdAt: string;
}

/** A team with its projects, as the metrics read it. */
export interface Team {
  readonly row: TeamsTable;
  readonly projectIds: readonly string[];
}

const view = (team: Team): TeamView => ({
  id: team.row.id,
  name: team.row.name,
  projectIds: [...team.projectIds],
  timeZone: team.row.time_zone,
  createdAt: new Date(team.row.created_at).toISOString(),
});

/** A credential sees a team when it may see every one of its projects (a team of none: everyone). */
const canSeeTeam = (access: Access, team: Team) => team.projectIds.every((id) => canSeeProject(access, id));

async function loadTeams(db: Kysely<Database>, id?: string): Promise<Team[]> {
  let rows = db.selectFrom('teams').selectAll().orderBy('created_at').orderBy('id');
  let links = db.selectFrom('team_projects').select(['team_id', 'project_id']).orderBy('team_id').orderBy('position');
  if (id !== undefined) {
    rows = rows.where('id', '=', id);
    links = links.where('team_id', '=', id);
  }
  const [teams, projects] = await Promise.all([rows.execute(), links.execute()]);
  const projectsOf = new Map<string, string[]>();
  for (const link of projects) projectsOf.set(link.team_id, [...(projectsOf.get(link.team_id) ?? []), link.project_id]);
  return teams.map((row) => ({ row, projectIds: projectsOf.get(row.id) ?? [] }));
}

/** One team the credential may see, else 404 naming it. */
export async function getTeam(db: Kysely<Database>, access: Access, id: string): Promise<Team> {
  const team = (await loadTeams(db, id))[0];
  if (team === undefined || !canSeeTeam(access, team)) throw notFound(`Team ${id} does not exist.`);
  return team;
}

export async function getTeamView(db: Kysely<Database>, access: Access, id: string): Promise<TeamView> {
  return view(await getTeam(db, access, id));
}

/** `GET /api/teams`: oldest first; a project-limited credential sees only the teams all of whose projects it sees. */
export async function listTeams(db: Kysely<Database>, access: Access): Promise<TeamView[]> {
  return (await loadTeams(db)).filter((team) => canSeeTeam(access, team)).map(view);
}

/**
 * The listed projects, once each in the order given, each one the credential may see (else 400 naming it, as
 * for an unknown one: a limited credential learns nothing of projects outside its list), with their time zones.
 */
async function validateProjects(
  db: Kysely<Database>,
  access: Access,
  projectIds: readonly string[],
): Promise<{ ids: string[]; zones: Map<string, string> }> {
  const ids = [...new Set(projectIds)];
  if (ids.length === 0) throw badRequest('projectIds must list at least one project.');
  const rows = await db.selectFrom('projects').select(['id', 'time_zone']).where('id', 'in', ids).execute();
  const zones = new Map(rows.map((r) => [r.id, r.time_zone]));
  const unknown = ids.filter((id) => !zones.has(id) || !canSeeProject(access, id));
  if (unknown.length > 0) {
    const list = unknown.map((id) => JSON.stringify(id)).join(', ');
    throw badRequest(
      `projectIds must name existing projects: ${list} ${unknown.length === 1 ? 'does' : 'do'} not exist.`,
    );
  }
  return { ids, zones };
}

async function writeProjects(db: Kysely<Database>, teamId: string, ids: readonly string[]): Promise<void> {
  await db.deleteFrom('team_projects').where('team_id', '=', teamId).execute();
  await db
    .insertInto('team_projects')
    .values(ids.map((projectId, position) => ({ team_id: teamId, project_id: projectId, position })))
    .execute();
}

/** `POST /api/teams`: the time zone defaults to that of the first project listed. */
export async function createTeam(
  db: Kysely<Database>,
  input: {
    name: string;
    projectIds: readonly string[];
    timeZone?: string | undefined;
    access: Access;
    actor: Actor;
    now: number;
  },
): Promise<TeamView> {
  const name = validateName(input.name);
  const timeZone = input.timeZone === undefined ? undefined : validateTimeZone(input.timeZone);
  return db.transaction().execute(async (trx) => {
    const { ids, zones } = await validateProjects(trx, input.access, input.projectIds);
    const row: TeamsTable = {
      id: newId('team'),
      name,
      time_zone: timeZone ?? (zones.get(ids[0] as string) as string),
      created_at: input.now,
    };
    await trx.insertInto('teams').values(row).execute();
    await writeProjects(trx, row.id, ids);
    await recordAudit(
      trx,
      { actor: input.actor, action: 'team.created', targetType: 'team', targetId: row.id, projectId: null },
      input.now,
    );
    return view({ row, projectIds: ids });
  });
}

/** `PATCH /api/teams/:teamId`: rename, change its projects (replaced whole) or its time zone. */
export async function updateTeam(
  db: Kysely<Database>,
  input: {
    id: string;
    name?: string | undefined;
    projectIds?: readonly string[] | undefined;
    timeZone?: string | undefined;
    access: Access;
    actor: Actor;
    now: number;
  },
): Promise<TeamView> {
  const changes: Partial<TeamsTable> = {};
  if (input.name !== undefined) changes.name = validateName(input.name);
  if (input.timeZone !== undefined) changes.time_zone = validateTimeZone(input.timeZone);
  return db.transaction().execute(async (trx) => {
    const team = await getTeam(trx, input.access, input.id);
    let projectIds = team.projectIds;
    if (input.projectIds !== undefined) {
      projectIds = (await validateProjects(trx, input.access, input.projectIds)).ids;
      await writeProjects(trx, input.id, projectIds);
    }
    if (Object.keys(changes).length > 0)
      await trx.updateTable('teams').set(changes).where('id', '=', input.id).execute();
    if (Object.keys(changes).length > 0 || input.projectIds !== undefined) {
      const action = input.name !== undefined ? 'team.renamed' : 'team.updated';
      await recordAudit(
        trx,
        { actor: input.actor, action, targetType: 'team', targetId: input.id, projectId: null },
        input.now,
      );
    }
    return view({ row: { ...team.row, ...changes }, projectIds });
  });
}

/** `DELETE /api/teams/:teamId`: the team only; its projects and their data stay. */
export async function deleteTeam(
  db: Kysely<Database>,
  input: { id: string; access: Access; actor: Actor; now: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await getTeam(trx, input.access, input.id);
    await trx.deleteFrom('teams').where('id', '=', input.id).execute();
    await recordAudit(
      trx,
      { actor: input.actor, action: 'team.deleted', targetType: 'team', targetId: input.id, projectId: null },
      input.now,
    );
  });
}
