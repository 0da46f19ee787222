import { describe, expect, it } from 'vitest';
import {
  changeFailureRateLevel,
  deploymentFrequencyLevel,
  leadTimeLevel,
  recoveryTimeLevel,
} from '../../../src/metrics/levels.js';

const DAY = 86_400;

describe('levels', () => {
  it('deployment frequency goes by deployment days per whole week', () => {
    expect(deploymentFrequencyLevel(5, 7)).toBe('elite');
    expect(deploymentFrequencyLevel(4, 7)).toBe('high');
    expect(deploymentFrequencyLevel(1, 7)).toBe('high');
    expect(deploymentFrequencyLevel(0, 7)).toBe('low');
    // 30 days = 4 weeks (+2 days): judged on 4 weeks.
    expect(deploymentFrequencyLevel(20, 30)).toBe('elite');
    expect(deploymentFrequencyLevel(19, 30)).toBe('high');
    expect(deploymentFrequencyLevel(4, 30)).toBe('high');
    expect(deploymentFrequencyLevel(3, 30)).toBe('medium');
    expect(deploymentFrequencyLevel(1, 30)).toBe('medium');
    expect(deploymentFrequencyLevel(0, 30)).toBe('low');
    // 90 days = 3 months of 30: medium needs 3 deployment days.
    expect(deploymentFrequencyLevel(3, 90)).toBe('medium');
    expect(deploymentFrequencyLevel(2, 90)).toBe('low');
    // Under 30 days, max(1, floor(days / 30)) = 1.
    expect(deploymentFrequencyLevel(1, 14)).toBe('medium');
  });

  it('deployment frequency has no level under 7 days', () => {
    expect(deploymentFrequencyLevel(6, 6.99)).toBeNull();
    expect(deploymentFrequencyLevel(0, 1)).toBeNull();
  });

  it('lead time and recovery time: strict upper bounds', () => {
    expect(leadTimeLevel(null)).toBeNull();
    expect(leadTimeLevel(DAY - 0.5)).toBe('elite');
    expect(leadTimeLevel(DAY)).toBe('high');
    expect(leadTimeLevel(7 * DAY)).toBe('medium');
    expect(leadTimeLevel(30 * DAY)).toBe('low');
    expect(recoveryTimeLevel(null)).toBeNull();
    expect(recoveryTimeLevel(3599)).toBe('elite');
    expect(recoveryTimeLevel(3600)).toBe('high');
    expect(recoveryTimeLevel(DAY)).toBe('medium');
    expect(recoveryTimeLevel(7 * DAY)).toBe('low');
  });

  it('change failure rate: inclusive bounds, exact at the cut-offs', () => {
    expect(changeFailureRateLevel(null)).toBeNull();
    expect(changeFailureRateLevel(0)).toBe('elite');
    expect(changeFailureRateLevel(1 / 20)).toBe('elite');
    expect(changeFailureRateLevel(2 / 20)).toBe('high');
    expect(changeFailureRateLevel(3 / 20)).toBe('medium');
    expect(changeFailureRateLevel(6 / 40)).toBe('medium');
    expect(changeFailureRateLevel(16 / 100)).toBe('low');
    expect(changeFailureRateLevel(1)).toBe('low');
  });
});
