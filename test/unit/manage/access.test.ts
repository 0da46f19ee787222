import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requiredRole } from '../../../src/http/plugins/api-auth.js';
import { canSeeProject, ROLES, roleAllows } from '../../../src/manage/access.js';
import { roleFromGroups } from '../../../src/manage/users.js';

describe('roles', () => {
  it('orders viewer < maintainer < admin', () => {
    expect(roleAllows('admin', 'maintainer')).toBe(true);
    expect(roleAllows('maintainer', 'maintainer')).toBe(true);
    expect(roleAllows('viewer', 'maintainer')).toBe(false);
    expect(roleAllows('maintainer', 'admin')).toBe(false);
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...ROLES), (held, needed) => {
        const rank = { viewer: 0, maintainer: 1, admin: 2 };
        expect(roleAllows(held, needed)).toBe(rank[held] >= rank[needed]);
      }),
    );
  });

  it('defaults a route to viewer for reads and maintainer for writes; its config wins', () => {
    expect(requiredRole('GET', undefined)).toBe('viewer');
    expect(requiredRole('HEAD', undefined)).toBe('viewer');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(requiredRole(method, undefined)).toBe('maintainer');
    expect(requiredRole('GET', 'maintainer')).toBe('maintainer');
    expect(requiredRole('DELETE', 'viewer')).toBe('viewer');
  });

  it('lets an unlimited credential see every project, a limited one only its own', () => {
    expect(canSeeProject({ role: 'viewer', projectIds: null }, 'pr_1')).toBe(true);
    expect(canSeeProject({ role: 'viewer', projectIds: ['pr_1'] }, 'pr_1')).toBe(true);
    expect(canSeeProject({ role: 'viewer', projectIds: ['pr_1'] }, 'pr_2')).toBe(false);
  });

  it('takes a role from groups: admin groups first, then maintainer groups, anyone else a viewer', () => {
    const options = { adminGroups: ['ops'], maintainerGroups: ['dev', 'release'] };
    expect(roleFromGroups(['dev', 'ops'], options)).toBe('admin');
    expect(roleFromGroups(['release'], options)).toBe('maintainer');
    expect(roleFromGroups(['sales'], options)).toBe('viewer');
    expect(roleFromGroups([], options)).toBe('viewer');
    expect(roleFromGroups(['Ops'], options)).toBe('viewer');
  });
});
