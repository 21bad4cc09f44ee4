import { describe, expect, it } from 'vitest';
import { ROLES } from '../auth/roles';
import { ConflictError, ForbiddenError } from '../shared/errors';
import { nextStatus, PORTAL_STATUS, RULES, STATUSES, type Action } from './state-machine';

const actions = Object.keys(RULES) as Action[];

describe('dossier state machine', () => {
  it('allows exactly the listed transitions, for exactly the listed roles', () => {
    for (const action of actions) {
      const rule = RULES[action];
      for (const status of STATUSES) {
        for (const role of ROLES) {
          const attempt = () => nextStatus(status, action, role);
          if (!rule.roles.includes(role)) expect(attempt).toThrow(ForbiddenError);
          else if (!rule.from.includes(status)) expect(attempt).toThrow(ConflictError);
          else expect(attempt()).toBe(rule.to);
        }
      }
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
