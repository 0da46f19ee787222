import { describe, expect, it } from 'vitest';
import { orderPushCommits } from '../../../../src/providers/shared/order-push-commits.js';

const c = (digit: string) => ({ sha: digit.repeat(40), timestamp: 0 });
const shas = (list: readonly { sha: string }[]) => list.map((commit) => commit.sha[0]);

describe('orderPushCommits', () => {
  it('keeps a list already oldest first (its last commit is after)', () => {
    expect(shas(orderPushCommits([c('1'), c('2'), c('3')], '3'.repeat(40)))).toEqual(['1', '2', '3']);
  });

  it("reverses a list whose first commit is after and whose last is not (GitLab's Test push)", () => {
    expect(shas(orderPushCommits([c('3'), c('2'), c('1')], '3'.repeat(40)))).toEqual(['1', '2', '3']);
  });

  it('keeps a list where after is not listed, or is the only commit', () => {
    expect(shas(orderPushCommits([c('1'), c('2')], '9'.repeat(40)))).toEqual(['1', '2']);
    expect(shas(orderPushCommits([c('3')], '3'.repeat(40)))).toEqual(['3']);
    expect(orderPushCommits([], '3'.repeat(40))).toEqual([]);
  });
});
