import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../auth/roles';
import { ConflictError, ForbiddenError } from '../shared/errors';
import { nextStatus, PORTAL_STATUS, RULES, STATUSES, type Action, type Status } from './state-machine';

/**
 * The transitions the process allows, written out here rather than read from `RULES`: a test
 * that derives its expectations from the table the code reads passes whatever the table says.
 * One line per action: the statuses it may start from, where it leads, who may take it.
 * Every other (status, action) pair must be refused with 409, every other role with 403.
 */
const ALLOWED: Record<Action, { from: Status[]; to: Status; roles: Role[] }> = {
  accept: { from: ['received'], to: 'appraised', roles: ['specialist'] },
  request_supplement: { from: ['received'], to: 'supplement_requested', roles: ['specialist'] },
  reject: { from: ['received'], to: 'rejected', roles: ['specialist'] },
  supplement: { from: ['supplement_requested'], to: 'received', roles: ['reception'] },
  approve: { from: ['appraised'], to: 'approved', roles: ['leader'] },
  seal: { from: ['approved'], to: 'sealed', roles: ['clerk'] },
  return: { from: ['sealed', 'rejected'], to: 'returned', roles: ['reception'] },
  withdraw: { from: ['received', 'supplement_requested', 'appraised'], to: 'withdrawn', roles: ['reception'] },
};
const PINNED_STATUSES: Status[] = ['received', 'appraised', 'supplement_requested', 'rejected', 'approved', 'sealed', 'returned', 'withdrawn'];
const PINNED_ROLES: Role[] = ['reception', 'specialist', 'leader', 'clerk', 'auditor', 'admin'];
const actions = Object.keys(ALLOWED) as Action[];

/** What `nextStatus` did: the new status, or which refusal. */
function outcome(status: Status, action: Action, role: Role): string {
  try {
    return nextStatus(status, action, role);
  } catch (e) {
    if (e instanceof ForbiddenError) return '403';
    if (e instanceof ConflictError) return '409';
    throw e;
  }
}

describe('dossier state machine', () => {
  it('has exactly the pinned statuses, actions and roles (a new one must be pinned here too)', () => {
    expect([...STATUSES].sort()).toEqual([...PINNED_STATUSES].sort());
    expect(Object.keys(RULES).sort()).toEqual([...actions].sort());
    expect([...ROLES].sort()).toEqual([...PINNED_ROLES].sort());
  });

  // One case per action: every (status, role) cell of it against the pinned table above.
  it.each(actions)('%s: allowed exactly from the pinned statuses, for exactly the pinned roles', (action) => {
    const want = ALLOWED[action];
    const got: string[] = [];
    const expected: string[] = [];
    for (const status of PINNED_STATUSES) {
      for (const role of PINNED_ROLES) {
        const cell = `${status} × ${role} → `;
        got.push(cell + outcome(status, action, role));
        expected.push(cell + (!want.roles.includes(role) ? '403' : want.from.includes(status) ? want.to : '409'));
      }
    }
    expect(got).toEqual(expected);
  });

  it('leaves no way out of the terminal statuses', () => {
    for (const status of ['returned', 'withdrawn'] as const) {
      for (const action of actions) for (const role of PINNED_ROLES) expect(outcome(status, action, role)).toMatch(/^40[39]$/);
    }
  });

  it('names the current status and the allowed ones in a 409', () => {
    expect(() => nextStatus('returned', 'seal', 'clerk')).toThrow(/returned.*'approved'/);
  });

  it('follows the 5-step happy path', () => {
    let s = nextStatus('received', 'accept', 'specialist');
    s = nextStatus(s, 'approve', 'leader');
    s = nextStatus(s, 'seal', 'clerk');
    expect(nextStatus(s, 'return', 'reception')).toBe('returned');
  });

  it('maps every status to a national portal code 1–10', () => {
    for (const s of STATUSES) expect(PORTAL_STATUS[s].code).toBeGreaterThanOrEqual(1);
    expect(PORTAL_STATUS.supplement_requested.code).toBe(5);
    expect(PORTAL_STATUS.withdrawn.code).toBe(7);
    expect(PORTAL_STATUS.returned.code).toBe(10);
  });
});
